export * from './event-store.port';
export * from './errors';
export * from './canonical-json';
export * from './envelope';
export * from './handle-command';
export * from './ids';
export * from './sqlite/sqlite.event-store';
export * from './in-memory/in-memory.event-store';
