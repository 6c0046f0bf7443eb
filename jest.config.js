// One runner for unit specs (next to the code), integration and e2e tests (real PostgreSQL + pgvector).
// npm test sets --experimental-vm-modules: PGlite (the embedded database) loads its WASM through a dynamic import().
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
      },
    ],
  },
  // The fault-injection suites run on their own: npm run test:chaos (jest.chaos.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/chaos/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // A budget, not a timing: a suite's app (migrations, Nest, pg-boss) may take half a minute to start on a machine
  // busy with the other worker's suites (startTestApp timed out at 30 s under load).
  testTimeout: 60000,
  maxWorkers: 2,
};
