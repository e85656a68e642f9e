import { invalid, isCalendarDate, localDate, type BusinessTime } from '@lib/ledger';
import { addDays, zoneOffsetMs } from './local-time';

/**
 * Instants and calendar dates as a report's bounds. A bound is either an instant with an offset
 * (`2026-03-31T17:00:00-04:00`) or a calendar date (`2026-03-31`), which means the start of that
 * day on the registrant's wall clock. Bounds are exclusive: an act counts before a bound when
 * its `occurredAt` lies strictly before it, so [from, to) periods tile without overlap.
 */
export interface Bound {
  /** The bound as given, instants normalised to UTC (`...Z`); dates unchanged. */
  given: string;
  /** The instant itself, UTC. */
  instant: string;
  ms: number;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant a calendar date begins on the wall clock in `timeZone`, daylight saving included;
 * where the clock skips midnight (Santiago, Beirut, Havana), the first instant of that date.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const midnightUtc = Date.UTC(year, month - 1, day);
  const first = midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
  const second = midnightUtc - zoneOffsetMs(first, timeZone);
  const onDate = [second, first]
    .filter((ms) => localDate(new Date(ms).toISOString(), timeZone) === date)
    .sort((a, b) => a - b);
  return onDate[0] ?? second;
}

const atMs = (given: string, ms: number): Bound => ({ given, instant: new Date(ms).toISOString(), ms });

/** An instant with an explicit offset, or a calendar date (its start in `timeZone`); refuses anything else. */
export function parseBound(value: string, timeZone: string, field: string): Bound {
  if (typeof value === 'string' && isCalendarDate(value)) return atMs(value, startOfLocalDay(value, timeZone));
  const ms = typeof value === 'string' && INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw invalid(field, `${field} must be a date (YYYY-MM-DD) or an ISO 8601 date and time with an offset.`);
  }
  return atMs(new Date(ms).toISOString(), ms);
}

/** Where an inventory as of `asOf` stops: what occurred before `cutOff` is in it. */
export interface InventoryCutOff {
  asOf: string;
  /** The inventory's date on the registrant's wall clock; stock expired when this is past `expiresOn`. */
  date: string;
  cutOff: Bound;
}

/**
 * A date with OPENING is the stock before anything happened that day; with CLOSE, after
 * everything that happened that day. An instant is taken as it stands: business time labels it.
 */
export function inventoryCutOff(asOf: string, businessTime: BusinessTime, timeZone: string): InventoryCutOff {
  if (typeof asOf === 'string' && isCalendarDate(asOf)) {
    const start = businessTime === 'OPENING' ? asOf : addDays(asOf, 1);
    return { asOf, date: asOf, cutOff: atMs(asOf, startOfLocalDay(start, timeZone)) };
  }
  const cutOff = parseBound(asOf, timeZone, 'asOf');
  return { asOf: cutOff.given, date: localDate(cutOff.instant, timeZone), cutOff };
}
