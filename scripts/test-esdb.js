#!/usr/bin/env node
// `npm run test:esdb`: the store contract suite and the API suite against the EventStoreDB server
// named by ESDB_CONNECTION_STRING. It never starts the protocol fake; without the variable it skips.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

if (!process.env.ESDB_CONNECTION_STRING) {
  console.log('test:esdb skipped: ESDB_CONNECTION_STRING is not set (e.g. esdb://127.0.0.1:2113?tls=false).');
  process.exit(0);
}
const jest = join(__dirname, '..', 'node_modules', '.bin', 'jest');
const run = spawnSync(jest, ['--config', join(__dirname, '..', 'test', 'jest.esdb.config.js'), '--runInBand'], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
