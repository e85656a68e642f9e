import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@lib/event-store';
import { appendHistory, generateHistory } from '../../../test/support/ledger-history';
import { readAllEvents } from '../../../test/support/read-model-snapshot';
import { DiscrepancyChecks } from '../src/discrepancies/discrepancy-checks';

/** A generated year of two sites' custody (counts short now and then, losses, open doses) in a real SQLite file. */
const { events: history, lotIds } = generateHistory({ seed: 11, events: 1500, lots: 8, registrants: 2 });
const POLICY = { openDispensationHours: 12 };

describe('discrepancy checks over a real ledger', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-checks-'));
    store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    await appendHistory(store, history);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ofType = async (type: string): Promise<RecordedEvent[]> =>
    (await readAllEvents(store)).filter((event) => event.type === type);
  const lastRecordedAt = () => (history.at(-1)!.event.metadata as { recordedAt: string }).recordedAt;

  it('flags each finding once however often the rules run, lot by lot or in a sweep', async () => {
    const checks = new DiscrepancyChecks(store, POLICY, lastRecordedAt);
    const opened = await checks.sweep();
    const flagged = await ofType('DiscrepancyFlagged');
    expect(opened.filter((notice) => notice.kind === 'CASE_OPENED')).toHaveLength(flagged.length);
    expect(flagged.map((event) => (event.data as { rule: string }).rule)).toEqual(
      expect.arrayContaining(['COUNT_VARIANCE', 'THEFT_OR_LOSS']),
    );

    for (const lotId of lotIds) expect(await checks.lot(lotId)).toEqual([]);
    expect((await checks.sweep()).filter((notice) => notice.kind === 'CASE_OPENED')).toEqual([]);
    const again = await ofType('DiscrepancyFlagged');
    expect(again).toHaveLength(flagged.length);
    expect(new Set(again.map((event) => event.streamId)).size).toBe(again.length);
  });

  it('announces a deadline a day or less away', async () => {
    await new DiscrepancyChecks(store, POLICY, lastRecordedAt).sweep();
    const loss = (await ofType('DiscrepancyFlagged')).find(
      (event) => (event.data as { rule: string }).rule === 'THEFT_OR_LOSS',
    )!;
    const form106 = (loss.data as { deadlines: { kind: string; dueAt: string }[] }).deadlines.find(
      (deadline) => deadline.kind === 'FORM_106',
    )!;
    const hourBefore = new Date(Date.parse(form106.dueAt) - 3_600_000).toISOString();
    const notices = await new DiscrepancyChecks(store, POLICY, () => hourBefore).sweep();
    expect(notices).toContainEqual(
      expect.objectContaining({
        kind: 'DEADLINE_NEAR',
        deadline: form106,
        case: expect.objectContaining({ caseId: (loss.data as { caseId: string }).caseId }),
      }),
    );
  });

  it('escalates each deadline that passed unmet once', async () => {
    await new DiscrepancyChecks(store, POLICY, lastRecordedAt).sweep();
    const before = (await ofType('DiscrepancyEscalated')).length;
    const later = new Date(Date.parse(lastRecordedAt()) + 60 * 86_400_000).toISOString();
    const notices = await new DiscrepancyChecks(store, POLICY, () => later).sweep();
    const escalated = await ofType('DiscrepancyEscalated');
    expect(escalated.length).toBeGreaterThan(0);
    expect(notices.filter((notice) => notice.kind === 'CASE_ESCALATED')).toHaveLength(escalated.length - before);
    for (const event of escalated) {
      expect(Date.parse((event.data as { dueAt: string }).dueAt)).toBeLessThan(Date.parse(later));
    }
    const keys = escalated.map((event) => `${event.streamId}/${(event.data as { deadline: string }).deadline}`);
    expect(new Set(keys).size).toBe(keys.length);

    const again = await new DiscrepancyChecks(store, POLICY, () => later).sweep();
    expect(again.filter((notice) => notice.kind === 'CASE_ESCALATED')).toEqual([]);
    expect(await ofType('DiscrepancyEscalated')).toHaveLength(escalated.length);
  });
});
