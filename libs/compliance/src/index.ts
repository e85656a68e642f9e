export * from './inventory-as-of';
export * from './inventory-report';
export * from './reconciliation';
export * from './reconciliation.types';
export type { RegistrantHeader } from './shared/registrant-header';
export type { PersonRef, WitnessGap } from './shared/two-people';
export { inPhysicalOrder, comparePhysical } from './shared/physical-order';
export { mgOf, ugToMg } from './shared/milligrams';
export * from './discrepancies';
