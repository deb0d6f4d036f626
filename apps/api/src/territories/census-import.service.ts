import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CensusFileError, readCensus, type CensusSources } from './census-file';
import { CensusRepository } from './census.repository';
import { foldPlaceName } from './census.service';

export interface CensusImportResult {
  communes: number;
  created: number;
  territoriesWithPopulation: number;
}

/** Census margins as data: loading INSEE's files (docs/coverage.md). */
@Injectable()
export class CensusImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly census: CensusRepository,
  ) {}

  /**
   * Loads the communes of the mapping with their populations, margins and postcodes, then
   * sums them up the territory tree; one transaction, safe to repeat (communes matched by
   * code). Every territory of the mapping must already exist.
   */
  async importCensus(sources: CensusSources): Promise<CensusImportResult> {
    const communes = await readCensus(sources);
    return this.dataSource.transaction(async (manager) => {
      const codes = [...new Set(communes.map((c) => c.territoryCode))];
      const ids = await this.census.territoryIds(manager, codes);
      const unknown = codes.filter((code) => !ids.has(code));
      if (unknown.length > 0)
        throw new CensusFileError(unknown.map((code) => `mapping: unknown territory ${code}`));
      let created = 0;
      for (const commune of communes) {
        const margins = [
          ...Object.entries(commune.margins.ageBand).map(([category, population]) => ({
            dimension: 'ageBand' as const,
            category,
            population,
          })),
          ...Object.entries(commune.margins.gender).map(([category, population]) => ({
            dimension: 'gender' as const,
            category,
            population,
          })),
        ];
        const inserted = await this.census.upsertCommune(manager, {
          code: commune.code,
          name: commune.name!,
          territoryId: ids.get(commune.territoryCode)!,
          population: commune.population,
          postcodes: commune.postcodes,
          searchText: foldPlaceName(commune.name!),
          margins,
        });
        if (inserted) created += 1;
      }
      const territoriesWithPopulation = await this.census.aggregate(manager);
      return { communes: communes.length, created, territoriesWithPopulation };
    });
  }
}
