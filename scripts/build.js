#!/usr/bin/env node
// Compiles the API, the worker and the operator CLI into dist/ with the Nest CLI (tsc; library aliases rewritten to
// relative paths), then stamps the build so `npm start` knows it is current.
const { execFileSync } = require('node:child_process');
const { rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const nest = join(root, 'node_modules', '.bin', 'nest');

rmSync(join(root, 'dist'), { recursive: true, force: true });
for (const app of ['api', 'worker', 'cli']) {
  process.stdout.write(`Building ${app}...\n`);
  execFileSync(nest, ['build', app], { cwd: root, stdio: 'inherit' });
}
writeFileSync(join(root, 'dist', '.build-stamp'), new Date().toISOString());
