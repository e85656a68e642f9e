import { deterministicId, handleCommand, type EventStore, type LedgerMetadata, SCHEMA_VERSION } from '@lib/event-store';
import {
  caseDecider,
  caseStream,
  type Case,
  type EscalateDeadline,
  type FlagDiscrepancy,
  type CaseEvent,
  type DeadlineKind,
  type Finding,
} from '@lib/ledger';

/** A case's id follows from what was found, so the same finding always lands in the same stream. */
export const caseIdOf = (finding: Finding): string =>
  deterministicId('case', finding.registrantId, finding.rule, finding.subject);

/**
 * Records what the system itself finds on a case: flags and escalations. There is no person to
 * sign; the actor is null and the causation is the first event the finding rests on. Event ids
 * follow from the case and the command, so a retried job appends nothing new, and the decider
 * answers an already flagged case or an already escalated deadline with no events at all.
 */
export class CaseRecorder {
  constructor(private readonly store: EventStore) {}

  /** Flags the finding; the new case when it was not flagged before, null otherwise. */
  async flag(finding: Finding, now: string): Promise<Case | null> {
    const caseId = caseIdOf(finding);
    const command: FlagDiscrepancy = { type: 'FlagDiscrepancy', data: { ...finding, caseId }, now };
    const recorded = await this.record(caseId, finding.registrantId, command, 'flag', finding.evidence[0] ?? null);
    return recorded.state.status === 'flagged' && recorded.appended ? recorded.state : null;
  }

  /** Escalates a deadline that passed unmet; true when it was escalated now. */
  async escalate(caseId: string, registrantId: string, deadline: DeadlineKind, now: string): Promise<boolean> {
    const command: EscalateDeadline = { type: 'EscalateDeadline', caseId, deadline, now };
    return (await this.record(caseId, registrantId, command, `escalate-${deadline}`, null)).appended;
  }

  /** `key` names the command within the case, so its event ids are the same on every retry. */
  private async record(
    caseId: string,
    registrantId: string,
    command: FlagDiscrepancy | EscalateDeadline,
    key: string,
    causationId: string | null,
  ) {
    const { now } = command;
    const streamId = caseStream(caseId);
    const metadata: Omit<LedgerMetadata, 'prevHash' | 'hash' | 'signatures'> = {
      schemaVersion: SCHEMA_VERSION,
      occurredAt: now,
      recordedAt: now,
      registrantId,
      actor: null,
      correlationId: deterministicId(streamId, key),
      causationId,
      idempotency: null,
      late: false,
    };
    const outcome = await handleCommand<ReturnType<typeof caseDecider.initialState>, CaseEvent>(this.store, {
      streamId,
      initialState: caseDecider.initialState,
      evolve: caseDecider.evolve,
      decide: (state) => caseDecider.decide(command, state),
      envelope: (_event, index) => ({
        eventId: deterministicId(streamId, key, String(index)),
        metadata: { ...metadata, signatures: [] },
      }),
    });
    return { state: outcome.state, appended: outcome.events.length > 0 };
  }
}
