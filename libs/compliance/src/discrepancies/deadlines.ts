import { localDate, type Deadline } from '@lib/ledger';
import { endOfNextBusinessDay } from './business-days';
import { addDays, endOfLocalDay } from '../shared/local-time';

/** Days from discovery to file DEA Form 106 through DEA's Theft/Loss Reporting system. */
const FORM_106_DAYS = 45;

/** Site policy: every discrepancy addressed within one business day (domain.md section 5). */
export const resolutionDeadline = (discoveredAt: string, timeZone: string): Deadline => ({
  kind: 'RESOLUTION',
  dueAt: endOfNextBusinessDay(discoveredAt, timeZone),
  regulation: 'Site policy: discrepancy resolved within one business day',
});

/** Written notice to the DEA Field Division Office within one business day of discovery. */
export const deaNoticeDeadline = (discoveredAt: string, timeZone: string): Deadline => ({
  kind: 'DEA_NOTICE',
  dueAt: endOfNextBusinessDay(discoveredAt, timeZone),
  regulation: '21 CFR 1301.76(b)',
});

/** DEA Form 106 within 45 calendar days of discovery: the end of the 45th day after the local date of discovery. */
export const form106Deadline = (discoveredAt: string, timeZone: string): Deadline => ({
  kind: 'FORM_106',
  dueAt: endOfLocalDay(addDays(localDate(discoveredAt, timeZone), FORM_106_DAYS), timeZone),
  regulation: '21 CFR 1301.76(b); DEA Form 106 (88 FR 40707)',
});

/** The clocks a theft or significant loss runs on from its discovery. */
export const reportingDeadlines = (discoveredAt: string, timeZone: string): Deadline[] => [
  deaNoticeDeadline(discoveredAt, timeZone),
  form106Deadline(discoveredAt, timeZone),
];

/** A biennial inventory taken by the end of `dueOn`, two years from the previous one. */
export const inventoryDeadline = (dueOn: string, timeZone: string): Deadline => ({
  kind: 'INVENTORY',
  dueAt: endOfLocalDay(dueOn, timeZone),
  regulation: '21 CFR 1304.11(c)',
});
