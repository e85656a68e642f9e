#!/usr/bin/env node
// `npm run cli -- <command>`: builds if the sources changed since the last build, then runs the
// operator CLI (apps/cli) with the given arguments.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { ensureBuild, root } = require('./ensure-build');

ensureBuild();
const { status, signal } = spawnSync(
  process.execPath,
  ['--enable-source-maps', join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(status ?? (signal ? 1 : 0));
