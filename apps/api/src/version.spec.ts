import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_VERSION } from './version';

describe('APP_VERSION', () => {
  it('is the version of the root package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
    expect(APP_VERSION).toBe(pkg.version);
  });
});
