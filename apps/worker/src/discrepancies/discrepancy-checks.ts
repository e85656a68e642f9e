import { eventsByRegistrant, type EventStore, type RecordedEvent } from '@lib/event-store';
import {
  evolveCase,
  fold,
  initialCaseState,
  lotStream,
  outstandingDeadlines,
  registered,
  registrantDecider,
  registrantStream,
  type Case,
  type CaseEvent,
  type CaseState,
  type Deadline,
  type Finding,
  type Recorded,
  type RegistrantEvent,
} from '@lib/ledger';
import { lotFindings, registrantFindings, type DiscrepancyPolicy } from '@lib/compliance';
import type { AlertKind } from '../alerts/alert';
import { CaseRecorder } from './case-recorder';

/** What someone should hear about: a case opened, a deadline escalated, a deadline near. */
export interface CaseNotice {
  kind: AlertKind;
  case: Case;
  deadline: Deadline | null;
}

/** A deadline this close and still outstanding is announced once. */
const NEAR_MS = 24 * 3_600_000;

const recorded = (events: RecordedEvent[]) => events as unknown as Recorded[];
const categoryOf = (event: RecordedEvent) => event.streamId.slice(0, event.streamId.indexOf('-'));

/** Each case's state, by case id, from the events of its stream. */
function foldCases(events: RecordedEvent[]): Map<string, CaseState> {
  const states = new Map<string, CaseState>();
  for (const event of events) {
    const caseId = event.streamId.slice('case-'.length);
    states.set(caseId, evolveCase(states.get(caseId) ?? initialCaseState(), event as unknown as CaseEvent));
  }
  return states;
}

/**
 * Runs the discrepancy rules of `libs/compliance` over the ledger and records what they find as
 * cases. Everything is read from the store and every effect is idempotent, so a check may run
 * any number of times, in any order, after any crash.
 */
export class DiscrepancyChecks {
  private readonly recorder: CaseRecorder;

  constructor(
    private readonly store: EventStore,
    private readonly policy: DiscrepancyPolicy,
    private readonly now: () => string,
  ) {
    this.recorder = new CaseRecorder(store);
  }

  /** The rules that concern one lot (a count, a loss, a dispensation, its expiry). */
  async lot(lotId: string): Promise<CaseNotice[]> {
    const events = recorded(await this.store.readStream(lotStream(lotId)));
    const registrantId = events[0]?.metadata.registrantId;
    if (!registrantId) return [];
    const registrant = await this.registrant(registrantId);
    return this.flag(lotFindings(events, registrant, this.now(), this.policy));
  }

  /** Every rule over one registrant's whole ledger (inventory cadence and patterns included). */
  async registrantLedger(registrantId: string): Promise<CaseNotice[]> {
    const events = (await eventsByRegistrant(this.store, ['registrant', 'lot'], registrantId)).get(registrantId) ?? [];
    return this.flag(this.findingsOver(events));
  }

  /**
   * The periodic sweep: every rule over every registrant (what only time reveals: dispensations
   * left open, stock past expiry, inventories falling due), then every case's deadlines.
   */
  async sweep(): Promise<CaseNotice[]> {
    const notices: CaseNotice[] = [];
    for (const events of (await eventsByRegistrant(this.store, ['registrant', 'lot', 'case'])).values()) {
      const ledger = events.filter((event) => categoryOf(event) !== 'case');
      const opened = await this.flag(this.findingsOver(ledger));
      const cases = foldCases(events.filter((event) => categoryOf(event) === 'case'));
      for (const notice of opened) cases.set(notice.case.caseId, { status: 'flagged', ...notice.case });
      notices.push(...opened, ...(await this.deadlines(cases.values())));
    }
    return notices;
  }

  private findingsOver(events: RecordedEvent[]): Finding[] {
    const registrantEvents = events.filter((event) => categoryOf(event) === 'registrant');
    if (registrantEvents.length === 0) return [];
    return registrantFindings(recorded(events), this.registrantFrom(registrantEvents), this.now(), this.policy);
  }

  private async registrant(registrantId: string) {
    return this.registrantFrom(await this.store.readStream(registrantStream(registrantId)));
  }

  private registrantFrom(events: RecordedEvent[]) {
    return registered(fold(registrantDecider, events as unknown as RegistrantEvent[]));
  }

  private async flag(findings: Finding[]): Promise<CaseNotice[]> {
    const notices: CaseNotice[] = [];
    for (const finding of findings) {
      const opened = await this.recorder.flag(finding, this.now());
      if (opened) notices.push({ kind: 'CASE_OPENED', case: opened, deadline: null });
    }
    return notices;
  }

  /** Escalates every deadline passed unmet, and announces those about to pass. */
  private async deadlines(cases: Iterable<CaseState>): Promise<CaseNotice[]> {
    const now = this.now();
    const notices: CaseNotice[] = [];
    for (const state of cases) {
      if (state.status !== 'flagged') continue;
      for (const deadline of outstandingDeadlines(state)) {
        const left = Date.parse(deadline.dueAt) - Date.parse(now);
        if (left < 0 && (await this.recorder.escalate(state.caseId, state.registrantId, deadline.kind, now))) {
          notices.push({ kind: 'CASE_ESCALATED', case: state, deadline });
        } else if (left >= 0 && left <= NEAR_MS) {
          notices.push({ kind: 'DEADLINE_NEAR', case: state, deadline });
        }
      }
    }
    return notices;
  }
}
