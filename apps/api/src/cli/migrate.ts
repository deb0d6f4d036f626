import '../register-paths';
import { MIGRATIONS_LOCK, withAdvisoryLock } from '../database/advisory-lock';
import { runCli, withDatabase } from './cli-database';

// `npm run db:migrate`: applies the pending migrations, for deployments that prefer to
// migrate before starting the new version (the API also does it at start-up).
runCli(async () => {
  await withDatabase(async (dataSource) => {
    const applied = await withAdvisoryLock(dataSource, MIGRATIONS_LOCK, () =>
      dataSource.runMigrations({ transaction: 'each' }),
    );
    process.stdout.write(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}\n`
        : 'The database schema is up to date.\n',
    );
  });
});
