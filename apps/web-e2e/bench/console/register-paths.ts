// Resolves @permanente/contracts and @permanente/live-client inside dist/bench/console, where tsc leaves the alias as is.
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

register({
  baseUrl: join(__dirname, '../../../..'),
  paths: {
    '@permanente/contracts': ['libs/contracts/src/index'],
    '@permanente/live-client': ['libs/live-client/src/index'],
  },
  addMatchAll: false,
});
