import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type {
  TerritoryDetailResponse,
  TerritorySummary,
  TerritoryTreeNode,
} from '@permanente/contracts';
import { DataSource, Repository } from 'typeorm';
import { TerritoriesRepository } from './territories.repository';
import { parseTerritoryFile } from './territory-file';
import { TerritoryEntity } from './territory.entity';
import { DomainError } from '../common/domain-error';

export interface TerritoryImportResult {
  created: number;
  updated: number;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'fr');

function toSummary(entity: TerritorySummary): TerritorySummary {
  return {
    id: entity.id,
    code: entity.code,
    inseeCode: entity.inseeCode,
    name: entity.name,
    level: entity.level,
    population: entity.population,
    parentId: entity.parentId,
  };
}

@Injectable()
export class TerritoriesService {
  constructor(
    @InjectRepository(TerritoryEntity) private readonly territories: Repository<TerritoryEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tree: TerritoriesRepository,
  ) {}

  /** Every territory as a forest (usually one region), children sorted by name. */
  async findTree(): Promise<TerritoryTreeNode[]> {
    const all = await this.territories.find();
    const nodes = new Map<string, TerritoryTreeNode>(
      all.map((entity) => [entity.id, { ...toSummary(entity), children: [] }]),
    );
    const roots: TerritoryTreeNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId ? nodes.get(node.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    const sort = (list: TerritoryTreeNode[]) => {
      list.sort(byName);
      list.forEach((node) => sort(node.children));
    };
    sort(roots);
    return roots;
  }

  async findOne(id: string): Promise<TerritoryDetailResponse> {
    const entity = await this.territories.findOneBy({ id });
    if (!entity) throw new DomainError('not_found', `No territory has the id ${id}`);
    // One round trip for the ancestors, whatever the depth of the tree.
    const ancestors = entity.parentId ? await this.tree.lineage(entity.parentId) : [];
    const children = (await this.territories.findBy({ parentId: id })).sort(byName);
    const known = children.filter((child) => child.population !== null);
    return {
      ...toSummary(entity),
      ancestors: ancestors.map(toSummary),
      children: children.map(toSummary),
      childrenPopulation: known.length
        ? known.reduce((sum, child) => sum + (child.population ?? 0), 0)
        : null,
    };
  }

  /**
   * Loads a territory data file (see docs/territories.md): creates what is new and updates
   * what exists, matched by code, in one transaction. Territories absent from the file are
   * kept: other records point at them.
   */
  async importFile(input: unknown): Promise<TerritoryImportResult> {
    const { territories } = parseTerritoryFile(input);
    return this.dataSource.transaction(async (manager) => {
      const ids = new Map<string, string>();
      const result: TerritoryImportResult = { created: 0, updated: 0 };
      for (const territory of territories) {
        const parentId = territory.parentCode ? ids.get(territory.parentCode)! : null;
        const row = await this.tree.upsertByCode(manager, {
          code: territory.code,
          inseeCode: territory.inseeCode,
          name: territory.name,
          level: territory.level,
          population: territory.population,
          parentId,
        });
        ids.set(territory.code, row.id);
        if (row.inserted) result.created += 1;
        else result.updated += 1;
      }
      return result;
    });
  }
}
