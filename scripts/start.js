#!/usr/bin/env node
// `npm start`: builds if the sources changed since the last build, then runs the API and the
// worker on the embedded store, and stops both if either stops.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { ensureBuild, root } = require('./ensure-build');

ensureBuild();

const children = ['api', 'worker'].map((app) =>
  spawn(process.execPath, ['--enable-source-maps', join(root, 'dist', 'apps', app, 'src', 'main.js')], {
    cwd: root,
    stdio: 'inherit',
  }),
);
let stopping = false;
const stopAll = (signal) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
};
for (const child of children) {
  child.on('exit', (code, signal) => {
    stopAll('SIGTERM');
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(code ?? (signal ? 1 : 0));
  });
}
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
