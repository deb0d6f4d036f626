// Compiled entry points (main, command-line tools) import this first: it lets Node resolve
// the workspace path aliases of tsconfig.base.json inside dist/, where tsc leaves them as is.
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

// This file compiles to dist/apps/api/apps/api/src/register-paths.js.
register({
  baseUrl: join(__dirname, '../../..'),
  paths: { '@permanente/contracts': ['libs/contracts/src/index'] },
  addMatchAll: false,
});
