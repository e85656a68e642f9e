// `npm test`: every spec on the embedded store, then the API suite once more on EventStoreDB's
// wire protocol (the in-process fake of test/support/esdb-fake), through the real app.
const project = require('./test/support/jest-project');

module.exports = {
  testTimeout: project.testTimeout,
  projects: [
    { ...project, displayName: 'embedded', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    {
      ...project,
      displayName: 'api-on-esdb-fake',
      testMatch: ['<rootDir>/apps/api/test/**/*.spec.ts'],
      // Edits bytes of the SQLite file: meaningful for the embedded store only.
      testPathIgnorePatterns: ['/tamper\\.api\\.spec\\.ts$'],
      globals: { LEDGER_TEST_STORE: 'esdb-fake' },
    },
  ],
};
