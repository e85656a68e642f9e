/**
 * Calendar dates (`YYYY-MM-DD`) and wall-clock times in a registrant's IANA time zone, turned
 * into UTC instants with `Intl` alone, daylight saving included.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?$/;

const parseDate = (date: string): [year: number, month: number, day: number] =>
  date.split('-').map(Number) as [number, number, number];

const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The calendar date `days` after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = parseDate(date);
  return dateOf(Date.UTC(year, month - 1, day + days));
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [year, month, day] = parseDate(date);
  const lastOfMonth = new Date(Date.UTC(year + years, month, 0)).getUTCDate();
  return dateOf(Date.UTC(year + years, month - 1, Math.min(day, lastOfMonth)));
}

/** 0 for Sunday to 6 for Saturday. */
export function weekday(date: string): number {
  const [year, month, day] = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** How far the wall clock in `timeZone` is ahead of UTC at the instant `ms`, in milliseconds. */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    clockFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, Number(p.value)]));
  const wholeSecond = ms - (((ms % 1000) + 1000) % 1000);
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second) - wholeSecond;
}

/**
 * The UTC instant (ISO 8601, `...Z`) at which the wall clock in `timeZone` reads `date` `time`
 * (`HH:MM`, `HH:MM:SS` or `HH:MM:SS.sss`). A time the clock shows twice (falling back) is its
 * first occurrence; a time it skips (springing forward) is read on the clock before the change,
 * so it lands as far after the gap as it lies into it (as Temporal's "compatible" does).
 */
export function localInstant(date: string, time: string, timeZone: string): string {
  const [, hours, minutes, seconds = '0', millis = '0'] = TIME.exec(time) ?? [];
  if (hours === undefined) throw new RangeError(`Not a wall-clock time: ${time}`);
  const [year, month, day] = parseDate(date);
  const wall = Date.UTC(year, month - 1, day, Number(hours), Number(minutes), Number(seconds), Number(millis));
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  const after = zoneOffsetMs(wall + DAY_MS, timeZone);
  const readings = [wall - before, wall - after].filter((ms) => zoneOffsetMs(ms, timeZone) === wall - ms);
  return new Date(readings.length > 0 ? Math.min(...readings) : wall - before).toISOString();
}

/** Midnight starting `date` on the wall clock in `timeZone`. */
export const localMidnight = (date: string, timeZone: string): string => localInstant(date, '00:00', timeZone);

/** 23:59:59.999 of `date` on the wall clock in `timeZone`. */
export const endOfLocalDay = (date: string, timeZone: string): string => localInstant(date, '23:59:59.999', timeZone);
