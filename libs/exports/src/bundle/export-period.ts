import { parseBound } from '@lib/compliance';
import { deterministicId } from '@lib/event-store';
import { invalid, localDate } from '@lib/ledger';

/** [from, to) as given (dates, or instants normalised to UTC) and the instants they stand for. */
export interface ExportPeriod {
  from: string;
  to: string;
  startsAt: string;
  endsAt: string;
}

/** Dates mean the start of that day on the registrant's clock, as in reconciliations. */
export function exportPeriod(from: string, to: string, timeZone: string): ExportPeriod {
  const start = parseBound(from, timeZone, 'from');
  const end = parseBound(to, timeZone, 'to');
  if (end.ms <= start.ms) throw invalid('to', 'to must lie after from.');
  return { from: start.given, to: end.given, startsAt: start.instant, endsAt: end.instant };
}

const monthStart = (year: number, month: number) =>
  `${month === 0 ? year - 1 : year}-${String(month === 0 ? 12 : month).padStart(2, '0')}-01`;

/** The calendar month before the one `at` falls in on the clock of `timeZone`. */
export function previousMonth(at: string, timeZone: string): { from: string; to: string } {
  const [year, month] = localDate(at, timeZone).split('-').map(Number);
  return { from: monthStart(year, month - 1), to: monthStart(year, month) };
}

/** One id, hence one stream and one bundle, per registrant and period. */
export const exportIdOf = (registrantId: string, period: ExportPeriod): string =>
  deterministicId('export', registrantId, period.startsAt, period.endsAt);
