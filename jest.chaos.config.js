// The slow fault-injection suites (`npm run test:chaos`): killed workers, terminated database backends,
// SIGTERM mid-burst, Zendesk outages and throttling. One file at a time: they measure recovery, and two
// bursts at once on two cores would measure each other.
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/chaos/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 300000,
  maxWorkers: 1,
};
