export * from './formats';
export * from './bundle/manifest';
export * from './bundle/transactions-columns';
export * from './bundle/signing-key';
export * from './bundle/export-period';
export * from './bundle/generate-export';
export * from './bundle/registrant-of';
export * from './verify';
