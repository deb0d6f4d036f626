import '../register-paths';
import { runCli, withDatabase } from './cli-database';
import { centralSync, readUserFile } from './field-cli';

// `npm run field:import-export -- <file>`, on the central server: applies a field kit's export
// file through the same path as a sync. Phones following the workshop live catch up on their
// next event or reconnection (the field screen's import fans the events out at once).
runCli(async () => {
  const [path] = process.argv.slice(2);
  if (!path) throw new Error('Usage: npm run field:import-export -- <export file>');
  const file = readUserFile(path);
  await withDatabase(async (dataSource, config) => {
    await dataSource.runMigrations({ transaction: 'each' });
    const report = await centralSync(dataSource, config).importFile(file);
    process.stdout.write(
      `Kit ${report.kitId}: ${report.applied} batch(es) applied, ${report.skipped} already here, ${report.events} event(s).${report.kitClosed ? ' The kit is closed.' : ''}\n`,
    );
  });
});
