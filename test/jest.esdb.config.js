// Used by `npm run test:esdb` only: the suites below, against a real EventStoreDB server that may
// already hold other data (every app gets its own stream prefix; the contract suite uses unique
// stream names and never assumes an empty $all).
const project = require('./support/jest-project');

module.exports = {
  ...project,
  displayName: 'real-esdb',
  testMatch: ['<rootDir>/libs/event-store/src/esdb/*.esdb-spec.ts', '<rootDir>/apps/api/test/**/*.spec.ts'],
  // Edits bytes of the SQLite file: meaningful for the embedded store only.
  testPathIgnorePatterns: ['/tamper\\.api\\.spec\\.ts$'],
  globals: { LEDGER_TEST_STORE: 'esdb', ESDB_CONNECTION_STRING: process.env.ESDB_CONNECTION_STRING },
};
