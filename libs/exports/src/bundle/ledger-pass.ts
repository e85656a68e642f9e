import type { EventStore, LedgerMetadata, RecordedEvent } from '@lib/event-store';
import { AUDIT_COLUMNS, auditTrail } from './audit-rows';
import { CsvFile } from './csv-file';
import type { ExportPeriod } from './export-period';
import type { BundleManifest, ManifestStream } from './manifest';
import { transactionRow } from './transaction-row';
import { yieldToLoop } from './yield-to-loop';
import { TRANSACTION_COLUMNS } from './transactions-columns';

/** The streams whose events belong to one registrant (their envelope names it). */
const LEDGER_CATEGORIES = new Set(['registrant', 'lot', 'case', 'reconciliation', 'export']);
/** Streams about people, audited for the registrant's members. */
const PEOPLE_CATEGORIES = new Set(['user', 'signin']);

const PAGE = 1000;

export interface LedgerPass {
  events: BundleManifest['events'];
  streams: ManifestStream[];
  rows: { transactions: number; audit: number };
  /** Every lot the registrant has held, in order of first appearance. */
  lotIds: string[];
  /** Case events recorded before the period ended, by case stream. */
  caseEvents: Map<string, RecordedEvent[]>;
}

const categoryOf = (streamId: string) => streamId.slice(0, streamId.indexOf('-'));

/**
 * One pass over the whole store in global order, holding a page at a time: writes
 * `transactions.csv` (the registrant's ledger events recorded in the period) and `audit-trail.csv`
 * (those, plus the sign-ins and account changes of the registrant's members), and keeps what the
 * derived files need: stream heads, the registrant's lot ids and its cases.
 */
export async function ledgerPass(
  store: EventStore,
  registrantId: string,
  period: ExportPeriod,
  timeZone: string,
  paths: { transactions: string; audit: string },
): Promise<LedgerPass> {
  const startMs = Date.parse(period.startsAt);
  const endMs = Date.parse(period.endsAt);
  const transactions = CsvFile.create(paths.transactions, TRANSACTION_COLUMNS);
  const audit = CsvFile.create(paths.audit, AUDIT_COLUMNS);
  const auditRows = auditTrail(timeZone);
  const byType: Record<string, number> = {};
  const streams = new Map<string, ManifestStream>();
  const members = new Set<string>();
  const lotIds = new Set<string>();
  const caseEvents = new Map<string, RecordedEvent[]>();
  let total = 0;
  let fromPosition: string | null = null;
  let toPosition: string | null = null;

  const inPeriod = (m: LedgerMetadata) => {
    const at = Date.parse(m.recordedAt);
    return at >= startMs && at < endMs;
  };

  const ledgerEvent = (event: RecordedEvent, m: LedgerMetadata) => {
    const category = categoryOf(event.streamId);
    if (category === 'lot') lotIds.add(event.streamId.slice('lot-'.length));
    if (category === 'case' && Date.parse(m.recordedAt) < endMs) {
      const history = caseEvents.get(event.streamId);
      if (history) history.push(event);
      else caseEvents.set(event.streamId, [event]);
    }
    if (!inPeriod(m)) return;
    transactions.row(transactionRow(event));
    for (const row of auditRows(event)) audit.row(row);
    total++;
    byType[event.type] = (byType[event.type] ?? 0) + 1;
    fromPosition ??= event.position.toString();
    toPosition = event.position.toString();
    const stream = streams.get(event.streamId);
    if (stream) Object.assign(stream, { toRevision: event.revision, head: m.hash });
    else {
      streams.set(event.streamId, {
        streamId: event.streamId,
        fromRevision: event.revision,
        toRevision: event.revision,
        prevHash: m.prevHash,
        head: m.hash,
      });
    }
  };

  const personEvent = (event: RecordedEvent, m: LedgerMetadata) => {
    const data = event.data as { userId?: string; registrantIds?: string[] };
    if (event.type === 'UserRegistered' && data.registrantIds?.includes(registrantId)) members.add(String(data.userId));
    const userId = data.userId ?? event.streamId.slice(event.streamId.indexOf('-') + 1);
    if (members.has(userId) && inPeriod(m)) for (const row of auditRows(event)) audit.row(row);
  };

  try {
    let after: bigint | undefined;
    for (;;) {
      const page = await store.readAll({ after, maxCount: PAGE });
      for (const event of page) {
        const m = event.metadata as unknown as LedgerMetadata;
        const category = categoryOf(event.streamId);
        if (LEDGER_CATEGORIES.has(category) && m.registrantId === registrantId) ledgerEvent(event, m);
        else if (PEOPLE_CATEGORIES.has(category)) personEvent(event, m);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].position;
      await yieldToLoop();
    }
  } catch (error) {
    transactions.close();
    audit.close();
    throw error;
  }
  const rows = { transactions: transactions.close(), audit: audit.close() };
  return {
    events: { total, fromPosition, toPosition, byType: sortedKeys(byType) },
    streams: [...streams.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0)),
    rows,
    lotIds: [...lotIds],
    caseEvents,
  };
}

const sortedKeys = (record: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
