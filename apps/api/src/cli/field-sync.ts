import '../register-paths';
import { runCli, withDatabase } from './cli-database';
import { fieldInstance } from './field-cli';

// `npm run field:sync -- [central URL]`, on the field laptop once online: sends back what the
// kit's workshops produced. Safe to run again after a cut: it sends only what central lacks.
runCli(async () => {
  const [centralUrl] = process.argv.slice(2);
  await withDatabase(async (dataSource, config) => {
    await dataSource.runMigrations({ transaction: 'each' });
    const report = await fieldInstance(dataSource, config).sync(centralUrl);
    process.stdout.write(
      `Synced kit ${report.kitId}: ${report.applied} batch(es) sent, ${report.skipped} already on central, ${report.events} event(s) added to central's log.\n` +
        (report.kitClosed
          ? 'Every workshop of the kit is back and closed: the kit is closed.\n'
          : 'The kit stays open: sync again after closing its workshops.\n'),
    );
  });
});
