export * from './load-config';
export * from './json-logger';
export * from './redis-options';
export * from './queue-names';
