// Runs the TypeScript sources in a plain Node process, compiled as jest compiles them:
//   node -r ./test/support/register-ts.js some/script.ts
// `.ts` files are transpiled with SWC (no type check) and the `@lib/*` aliases of tsconfig.json's
// `paths` resolve to their sources.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');

const root = path.resolve(__dirname, '../..');
const { compilerOptions } = require(path.join(root, 'tsconfig.json'));
const aliases = new Map(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    alias,
    path.join(root, compilerOptions.baseUrl, target),
  ]),
);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
};

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    swcrc: false,
    sourceMaps: 'inline',
    ...swcOptions,
  });
  module._compile(code, filename);
};

process.setSourceMapsEnabled(true);
