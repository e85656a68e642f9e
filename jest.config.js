// One jest configuration for the whole monorepo. Module aliases are derived from tsconfig.json's
// `paths`, so the two can never disagree.
const { compilerOptions } = require('./tsconfig.json');
const swcOptions = require('./test/support/swc-options');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    `<rootDir>/${target}`,
  ]),
);

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  transform: {
    '^.+\\.(ts|js)$': ['@swc/jest', swcOptions],
  },
  // content-disposition (used by @fastify/static for /docs) ships ESM only; Node requires it
  // natively, jest's module loader does not, so it is compiled to CommonJS like our sources.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper,
  testTimeout: 30000,
};
