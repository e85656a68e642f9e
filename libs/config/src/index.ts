export * from './load-config';
export * from './json-logger';
