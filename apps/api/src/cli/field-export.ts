import '../register-paths';
import { writeFileSync } from 'node:fs';
import { runCli, withDatabase } from './cli-database';
import { fieldInstance, userPath } from './field-cli';

// `npm run field:export -- [file]`, on the field laptop with no network at all: writes the
// signed export file to carry on a USB key (imported on central with field:import-export or
// the field screen).
runCli(async () => {
  const [target] = process.argv.slice(2);
  await withDatabase(async (dataSource, config) => {
    await dataSource.runMigrations({ transaction: 'each' });
    const { fileName, file } = await fieldInstance(dataSource, config).exportFile();
    const path = userPath(target ?? fileName);
    writeFileSync(path, file);
    process.stdout.write(`Export file written: ${path}\n`);
  });
});
