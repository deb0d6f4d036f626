import '../register-paths';
import { runCli, withDatabase } from './cli-database';
import { fieldInstance, readUserFile } from './field-cli';

// `npm run field:import -- kit.json`, on the field laptop: puts the kit's workshops and
// facilitators' accounts in this instance's database. Then `npm start`.
runCli(async () => {
  const [path] = process.argv.slice(2);
  if (!path) throw new Error('Usage: npm run field:import -- <kit file>');
  const file = readUserFile(path);
  await withDatabase(async (dataSource, config) => {
    await dataSource.runMigrations({ transaction: 'each' });
    const kit = await fieldInstance(dataSource, config).importKit(file);
    if (kit.extended) {
      process.stdout.write(`Field kit "${kit.label}" now valid until ${kit.expiresAt}.\n`);
      return;
    }
    process.stdout.write(
      [
        `Field kit "${kit.label}" imported (kit ${kit.kitId}), valid until ${kit.expiresAt}.`,
        `Central: ${kit.centralUrl}`,
        `Central's key fingerprint: ${kit.centralKeyFingerprint}`,
        '  (it must match the one shown when the kit was issued)',
        ...kit.workshops.map((w) => `Workshop: ${w.title} (join code ${w.code})`),
        `Facilitators who can sign in here: ${kit.facilitators.join(', ')}`,
        'Now start the server: npm start',
        '',
      ].join('\n'),
    );
  });
});
