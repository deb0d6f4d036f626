module.exports = {
  displayName: 'live-client',
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', require('../../jest.swc.cjs')] },
  moduleNameMapper: { '^@permanente/contracts$': '<rootDir>/../../libs/contracts/src/index.ts' },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
