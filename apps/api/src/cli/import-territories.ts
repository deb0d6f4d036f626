import '../register-paths';
import { createReadStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CensusImportService } from '../territories/census-import.service';
import { CensusRepository } from '../territories/census.repository';
import { TerritoryEntity } from '../territories/territory.entity';
import { TerritoriesRepository } from '../territories/territories.repository';
import { TerritoriesService } from '../territories/territories.service';
import { runCli, withDatabase } from './cli-database';

const USAGE = `Usage: npm run territories:import -- [file.territories.json]
  [--mapping communes-to-territories.csv [--populations populations.csv]
   [--age-sex TD_POP1B.csv] [--postcodes laposte.csv]]`;

// `npm run territories:import -- path/to/region.territories.json`: loads or updates a region
// (format in docs/territories.md). With --mapping, also loads the communes and their census
// margins and sums them up the tree (docs/coverage.md). Safe to run again.
runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      mapping: { type: 'string' },
      populations: { type: 'string' },
      'age-sex': { type: 'string' },
      postcodes: { type: 'string' },
    },
  });
  const path = positionals[0];
  if (!path && !values.mapping) throw new Error(USAGE);
  if (!values.mapping && (values.populations || values['age-sex'] || values.postcodes))
    throw new Error(`--mapping is needed to load census files.\n${USAGE}`);
  const data: unknown = path ? JSON.parse(readFileSync(path, 'utf8')) : null;
  await withDatabase(async (dataSource) => {
    await dataSource.runMigrations({ transaction: 'each' });
    if (path) {
      const service = new TerritoriesService(
        dataSource.getRepository(TerritoryEntity),
        dataSource,
        new TerritoriesRepository(dataSource),
      );
      const { created, updated } = await service.importFile(data);
      process.stdout.write(`Territories from ${path}: ${created} created, ${updated} updated.\n`);
    }
    if (values.mapping) {
      const open = (file: string | undefined) => (file ? createReadStream(file) : undefined);
      const census = new CensusImportService(dataSource, new CensusRepository(dataSource));
      const result = await census.importCensus({
        mapping: createReadStream(values.mapping),
        populations: open(values.populations),
        ageSex: open(values['age-sex']),
        postcodes: open(values.postcodes),
      });
      process.stdout.write(
        `Communes from ${values.mapping}: ${result.communes} (${result.created} new); ` +
          `${result.territoriesWithPopulation} territories have their population from them.\n`,
      );
    }
  });
});
