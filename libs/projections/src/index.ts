export * from './model/documents';
export * from './model/evolve';
export * from './redis/read-model-keys';
export * from './redis/read-models';
export * from './runner/projection-status';
export * from './runner/projection-runner';
