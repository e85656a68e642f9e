// `npm test`: every spec on the embedded store, then the API suite on EventStoreDB's wire protocol
// (the in-process fake of test/support/esdb-fake), through the real app, in both of the client's
// append modes.
const project = require('./test/support/jest-project');

const apiOnEsdbFake = (displayName, store) => ({
  ...project,
  displayName,
  testMatch: ['<rootDir>/apps/api/test/**/*.spec.ts'],
  // Edits bytes of the SQLite file: meaningful for the embedded store only.
  testPathIgnorePatterns: ['/tamper\\.api\\.spec\\.ts$'],
  globals: { LEDGER_TEST_STORE: store },
});

module.exports = {
  testTimeout: project.testTimeout,
  projects: [
    { ...project, displayName: 'embedded', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    apiOnEsdbFake('api-on-esdb-fake', 'esdb-fake'),
    apiOnEsdbFake('api-on-esdb-fake-plain-append', 'esdb-fake-plain-append'),
  ],
};
