import { localDate } from '@lib/ledger';
import { isFederalHoliday } from './federal-holidays';
import { addDays, endOfLocalDay, weekday } from '../shared/local-time';

/** Monday to Friday, and no federal holiday observed that day. */
export function isBusinessDay(date: string): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6 && !isFederalHoliday(date);
}

/** The first business day after `date`. */
export function nextBusinessDay(date: string): string {
  let next = addDays(date, 1);
  while (!isBusinessDay(next)) next = addDays(next, 1);
  return next;
}

/**
 * "Within one business day of discovery" (21 CFR 1301.76(b)): the end (23:59:59.999 on the wall
 * clock in `timeZone`) of the first business day after the local date of `instant`, as a UTC instant.
 */
export const endOfNextBusinessDay = (instant: string, timeZone: string): string =>
  endOfLocalDay(nextBusinessDay(localDate(instant, timeZone)), timeZone);
