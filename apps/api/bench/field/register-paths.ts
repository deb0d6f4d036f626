// Resolves @permanente/contracts inside dist/bench/field, where tsc leaves the alias as is.
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

register({
  baseUrl: join(__dirname, '../../../..'),
  paths: { '@permanente/contracts': ['libs/contracts/src/index'] },
  addMatchAll: false,
});
