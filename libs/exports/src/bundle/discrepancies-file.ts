import type { LedgerMetadata, RecordedEvent } from '@lib/event-store';
import { caseDecider, caseStatus, fold, outstandingDeadlines, type Case, type CaseEvent } from '@lib/ledger';
import { CsvFile } from './csv-file';
import type { ExportPeriod } from './export-period';

/**
 * The discrepancy cases open at any time in the period, as they stood at its end: each deadline
 * with its due time and whether it was met, escalated or is outstanding, and the resolution.
 */
export function writeDiscrepancies(path: string, cases: Map<string, RecordedEvent[]>, period: ExportPeriod): number {
  const file = CsvFile.create(path, [
    'caseId',
    'rule',
    'severity',
    'subject',
    'summary',
    'regulation',
    'discoveredAtUtc',
    'flaggedAtUtc',
    'statusAtPeriodEnd',
    'deadlines',
    'resolution',
    'resolvedAtUtc',
    'resolvedBy',
    'resolutionNotes',
  ]);
  const rows = [...cases.values()].flatMap((events) => {
    const state = fold(caseDecider, events as unknown as CaseEvent[]);
    if (state.status !== 'flagged') return [];
    const resolved = events.find((e) => e.type === 'DiscrepancyResolved');
    const resolvedMeta = resolved?.metadata as unknown as LedgerMetadata | undefined;
    if (resolvedMeta && Date.parse(resolvedMeta.recordedAt) < Date.parse(period.startsAt)) return [];
    return [{ c: state as Case, resolvedMeta }];
  });
  rows.sort((a, b) => Date.parse(a.c.flaggedAt) - Date.parse(b.c.flaggedAt) || (a.c.caseId < b.c.caseId ? -1 : 1));
  for (const { c, resolvedMeta } of rows) {
    const outstanding = new Set(outstandingDeadlines(c).map((d) => d.kind));
    const deadlines = c.deadlines.map((d) => {
      const state = c.met.includes(d.kind)
        ? 'met'
        : !outstanding.has(d.kind)
          ? 'discharged'
          : c.escalated.includes(d.kind)
            ? 'escalated'
            : 'outstanding';
      return `${d.kind} due ${d.dueAt} (${state})`;
    });
    file.row([
      c.caseId,
      c.rule,
      c.severity,
      c.subject,
      c.summary,
      c.regulation,
      c.discoveredAt,
      c.flaggedAt,
      caseStatus(c, period.endsAt),
      deadlines.join('; '),
      c.resolution?.code ?? '',
      resolvedMeta?.recordedAt ?? '',
      resolvedMeta?.actor?.printedName ?? '',
      c.resolution?.notes ?? '',
    ]);
  }
  return file.close();
}
