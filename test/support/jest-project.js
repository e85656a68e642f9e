// What every jest project of this repo shares: SWC compilation and the `@lib/*` aliases, derived
// from tsconfig.json's `paths` so the two can never disagree.
const { compilerOptions } = require('../../tsconfig.json');
const swcOptions = require('./swc-options');

module.exports = {
  rootDir: require('node:path').join(__dirname, '..', '..'),
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', swcOptions] },
  // content-disposition (used by @fastify/static for /docs) ships ESM only; Node requires it
  // natively, jest's module loader does not, so it is compiled to CommonJS like our sources.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
      `^${alias.replace('/', '\\/')}$`,
      `<rootDir>/${target}`,
    ]),
  ),
  testTimeout: 30000,
};
