module.exports = {
  displayName: 'contracts',
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', require('../../jest.swc.cjs')] },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
