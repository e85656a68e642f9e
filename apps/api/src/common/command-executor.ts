import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  deterministicId,
  EVENT_STORE,
  handleCommand,
  type CommandOutcome,
  type EnvelopeActor,
  type EventStore,
  type LedgerMetadata,
  type SignatureManifestation,
  SCHEMA_VERSION,
} from '@lib/event-store';
import { isLateEntry, type DomainEvent, type Person } from '@lib/ledger';
import { ApiError } from './problem';
import type { RequestContext } from './request-context';
import { Clock } from './clock';

export interface Signer {
  person: Person;
  meaning: SignatureManifestation['meaning'];
}

export interface Execution<State, Event extends DomainEvent> {
  streamId: string;
  decider: { initialState: () => State; evolve: (state: State, event: Event) => State };
  decide: (state: State) => Event[];
  registrantId: string | null;
  /** Null for what the system records on its own behalf (the first administrator). */
  actor: EnvelopeActor | null;
  /** Everyone who signed, in order: the actor first, then witnesses. */
  signers: Signer[];
  /** The physical act, UTC. */
  occurredAt: string;
  now: string;
  request: Pick<RequestContext, 'correlationId' | 'idempotency'>;
  expectedRevision?: number;
}

/** Runs every command the same way, and wraps each new event in the ledger's envelope. */
@Injectable()
export class CommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** An administrator's act (users, registrants, locations): unsigned, effective when recorded. */
  administer<State, Event extends DomainEvent>(
    run: Pick<Execution<State, Event>, 'streamId' | 'decider' | 'decide' | 'registrantId'>,
    context: RequestContext,
  ): Promise<CommandOutcome<State>> {
    const now = this.clock.now();
    const { userId, printedName } = context.user;
    return this.execute({
      ...run,
      actor: { userId, printedName, role: 'ADMIN' },
      signers: [],
      occurredAt: now,
      now,
      request: context,
    });
  }

  async execute<State, Event extends DomainEvent>(run: Execution<State, Event>): Promise<CommandOutcome<State>> {
    const { request, streamId } = run;
    const attempt = request.idempotency?.keyId ?? randomUUID();
    const metadata: Omit<LedgerMetadata, 'prevHash' | 'hash' | 'signatures'> = {
      schemaVersion: SCHEMA_VERSION,
      occurredAt: run.occurredAt,
      recordedAt: run.now,
      registrantId: run.registrantId,
      actor: run.actor,
      correlationId: request.correlationId,
      causationId: null,
      idempotency: request.idempotency ?? null,
      late: isLateEntry(run.occurredAt, run.now),
    };
    const signatures = run.signers.map(({ person, meaning }) => ({
      userId: person.userId,
      printedName: person.printedName,
      meaning,
      signedAt: run.now,
    }));
    const outcome = await handleCommand(this.store, {
      streamId,
      initialState: run.decider.initialState,
      evolve: run.decider.evolve,
      decide: run.decide,
      envelope: (_event, index) => ({
        eventId: deterministicId(streamId, attempt, String(index)),
        metadata: { ...metadata, signatures },
      }),
      idempotencyKeyId: request.idempotency?.keyId,
      expectedRevision: run.expectedRevision,
    });
    const recordedFor = (outcome.events[0]?.metadata as Partial<LedgerMetadata> | undefined)?.idempotency?.requestHash;
    if (outcome.replayed && recordedFor !== request.idempotency?.requestHash) {
      throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');
    }
    return outcome;
  }
}
