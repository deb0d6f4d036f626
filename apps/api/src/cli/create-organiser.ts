import '../register-paths';
import { randomBytes } from 'node:crypto';
import { AccountsService } from '../accounts/accounts.service';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { systemClock } from '../common/clock';
import { runCli, withDatabase } from './cli-database';

// `npm run accounts:create-organiser -- <email> "<Name>"`: creates the first organiser of a
// real deployment. The password comes from PERMANENTE_PASSWORD, or is generated and printed
// once (change it after the first sign-in).
runCli(async () => {
  const [email, displayName] = process.argv.slice(2);
  if (!email || !displayName) {
    throw new Error('Usage: npm run accounts:create-organiser -- <email> "<Full name>"');
  }
  const given = process.env['PERMANENTE_PASSWORD'];
  const password = given ?? randomBytes(15).toString('base64url');
  if (password.length < 12) throw new Error('PERMANENTE_PASSWORD must have at least 12 characters');
  await withDatabase(async (dataSource) => {
    await dataSource.runMigrations({ transaction: 'each' });
    const accounts = new AccountsService(
      dataSource,
      systemClock,
      new AuditService(new AuditRepository(dataSource), systemClock),
    );
    const created = await accounts.create(null, {
      email,
      displayName,
      password,
      roles: ['organiser'],
    });
    process.stdout.write(`Organiser ${created.email} created.\n`);
    if (!given)
      process.stdout.write(`Password (shown once, change it after signing in): ${password}\n`);
  });
});
