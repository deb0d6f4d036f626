import { DatabaseUnavailableError, probeDatabase } from './database-target';

describe('probeDatabase', () => {
  it('gives up at its deadline on a closed port with one line naming the database, no password', async () => {
    // Port 9 (discard) is closed here: every attempt is refused at once, so only the deadline
    // ends the retries. A probe that ignored its deadline would never settle.
    const failure = await probeDatabase('postgres://app:secret@127.0.0.1:9/app', 1_500).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DatabaseUnavailableError);
    const message = (failure as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('Cannot reach the database at postgres://app:***@127.0.0.1:9/app');
    expect(message).not.toContain('secret');
  });
});
