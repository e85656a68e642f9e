export { lotFindings } from './lot-findings';
export { registrantFindings } from './registrant-findings';
export { DEFAULT_DISCREPANCY_POLICY, type DiscrepancyPolicy } from './discrepancy-policy';
export { endOfNextBusinessDay, isBusinessDay, nextBusinessDay } from './business-days';
export { federalHolidays, isFederalHoliday, type FederalHoliday } from './federal-holidays';
export { addDays, endOfLocalDay, localInstant } from '../shared/local-time';
