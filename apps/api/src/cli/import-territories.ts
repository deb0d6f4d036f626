import '../register-paths';
import { readFileSync } from 'node:fs';
import { TerritoryEntity } from '../territories/territory.entity';
import { TerritoriesRepository } from '../territories/territories.repository';
import { TerritoriesService } from '../territories/territories.service';
import { runCli, withDatabase } from './cli-database';

// `npm run territories:import -- path/to/region.territories.json`: loads or updates a region
// (format in docs/territories.md). Safe to run again: territories are matched by code.
runCli(async () => {
  const path = process.argv[2];
  if (!path) throw new Error('Usage: npm run territories:import -- <file.territories.json>');
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
  await withDatabase(async (dataSource) => {
    await dataSource.runMigrations({ transaction: 'each' });
    const service = new TerritoriesService(
      dataSource.getRepository(TerritoryEntity),
      dataSource,
      new TerritoriesRepository(dataSource),
    );
    const { created, updated } = await service.importFile(data);
    process.stdout.write(`Territories from ${path}: ${created} created, ${updated} updated.\n`);
  });
});
