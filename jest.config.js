/** Jest runs TypeScript through ts-jest in transpile-only mode (type checking is `npm run build`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The alert lifecycle property test runs on its own (`npm run test:lifecycle`, jest.lifecycle.config.js):
  // it still finds defects that are open (bench/README.md lists them), and takes 4–5 minutes here.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/lifecycle/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 30000,
};
