module.exports = {
  displayName: 'web',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  transform: { '^.+\\.[tj]sx?$': ['@swc/jest', require('../../jest.swc.cjs')] },
  moduleNameMapper: {
    '^@permanente/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    '^@permanente/live-client$': '<rootDir>/../../libs/live-client/src/index.ts',
    '^@permanente/live-client/testing$': '<rootDir>/../../libs/live-client/src/testing.ts',
    '^@web/(.*)$': '<rootDir>/src/$1',
    '\\.css$': '<rootDir>/jest.style-stub.cjs',
  },
  // wouter and its path parser ship ES modules only.
  transformIgnorePatterns: ['/node_modules/(?!(wouter|regexparam)/)'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.{ts,tsx}'],
  // A page spec drives a whole page through many renders: 5 s is too short on a loaded machine
  // (not a speed goal; the time it takes is not what these tests check).
  testTimeout: 20_000,
};
