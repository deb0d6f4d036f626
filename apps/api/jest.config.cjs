// Two Jest projects: unit specs beside the code, and integration specs under test/ that run
// against a real PostgreSQL (DATABASE_URL's server, in a fresh database) or, without it,
// the embedded PGlite started once in globalSetup.
const swc = require('../../jest.swc.cjs');

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@permanente/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    '^@permanente/live-client$': '<rootDir>/../../libs/live-client/src/index.ts',
  },
};

module.exports = {
  projects: [
    { ...shared, displayName: 'api:unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'api:integration',
      testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-timeout.ts'],
    },
  ],
};
