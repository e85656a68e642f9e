import { addDays, weekday } from '../shared/local-time';

/** A US federal holiday (5 U.S.C. 6103) on the date it is observed. */
export interface FederalHoliday {
  name: string;
  /** The date it is observed: a Saturday holiday on the Friday before, a Sunday one on the Monday after. */
  date: string;
}

const MONDAY = 1;
const THURSDAY = 4;

const isoDate = (year: number, month: number, day: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The `nth` given weekday of a month (1-based); `nth` -1 is the last one. */
function nthWeekday(year: number, month: number, dayOfWeek: number, nth: number): string {
  if (nth < 0) {
    const last = isoDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
    return addDays(last, -((weekday(last) - dayOfWeek + 7) % 7));
  }
  const first = isoDate(year, month, 1);
  return addDays(first, ((dayOfWeek - weekday(first) + 7) % 7) + (nth - 1) * 7);
}

function observed(date: string): string {
  const day = weekday(date);
  return day === 6 ? addDays(date, -1) : day === 0 ? addDays(date, 1) : date;
}

const holidayCache = new Map<number, FederalHoliday[]>();

/**
 * The federal holidays of `year`, as observed, in date order. Juneteenth is one from 2021. New
 * Year's Day falling on a Saturday is observed on 31 December of the year before, so it is listed
 * in that year.
 */
export function federalHolidays(year: number): FederalHoliday[] {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const fixed = (name: string, month: number, day: number): FederalHoliday => ({
    name,
    date: observed(isoDate(year, month, day)),
  });
  const holidays: FederalHoliday[] = [
    fixed('New Year’s Day', 1, 1),
    { name: 'Birthday of Martin Luther King, Jr.', date: nthWeekday(year, 1, MONDAY, 3) },
    { name: 'Washington’s Birthday', date: nthWeekday(year, 2, MONDAY, 3) },
    { name: 'Memorial Day', date: nthWeekday(year, 5, MONDAY, -1) },
    ...(year >= 2021 ? [fixed('Juneteenth National Independence Day', 6, 19)] : []),
    fixed('Independence Day', 7, 4),
    { name: 'Labor Day', date: nthWeekday(year, 9, MONDAY, 1) },
    { name: 'Columbus Day', date: nthWeekday(year, 10, MONDAY, 2) },
    fixed('Veterans Day', 11, 11),
    { name: 'Thanksgiving Day', date: nthWeekday(year, 11, THURSDAY, 4) },
    fixed('Christmas Day', 12, 25),
    { name: 'New Year’s Day', date: observed(isoDate(year + 1, 1, 1)) },
  ].filter((h) => h.date.startsWith(`${year}-`));
  holidayCache.set(year, holidays);
  return holidays;
}

/** Whether a federal holiday is observed on `date`. */
export const isFederalHoliday = (date: string): boolean =>
  federalHolidays(Number(date.slice(0, 4))).some((h) => h.date === date);
