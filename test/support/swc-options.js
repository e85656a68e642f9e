// How TypeScript is compiled outside the build (jest, and child processes started by tests):
// SWC with legacy decorators and decorator metadata, which Nest and class-validator need.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};
