import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  GENESIS_HASH,
  SCHEMA_VERSION,
  sealEvents,
  WrongExpectedRevisionError,
  type EventStore,
} from '@lib/event-store';
import { Clock } from '../common/clock';
import type { RequestContext } from '../common/request-context';

/** The first response given under an Idempotency-Key. */
export interface IdempotentResponse {
  requestHash: string;
  status: number;
  /** The response body as sent, kept as text: to this layer it is opaque (and cheap to hash). */
  bodyJson: string;
  headers: Record<string, string>;
}

const RECORDED = 'IdempotentResponseRecorded';
const streamOf = (keyId: string) => `idempotency-${keyId}`;

/**
 * Responses are kept in the event store itself, one stream per key, so they survive restarts and
 * never depend on Redis or on the store's own duplicate detection.
 */
@Injectable()
export class IdempotencyRecords {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async find(keyId: string): Promise<IdempotentResponse | null> {
    const [first] = await this.store.readStream(streamOf(keyId), { maxCount: 1 });
    return first ? (first.data as IdempotentResponse) : null;
  }

  async save(keyId: string, response: IdempotentResponse, context: RequestContext): Promise<void> {
    const now = this.clock.now();
    const [event] = sealEvents(streamOf(keyId), GENESIS_HASH, [
      {
        eventId: keyId,
        type: RECORDED,
        data: response,
        metadata: {
          schemaVersion: SCHEMA_VERSION,
          occurredAt: now,
          recordedAt: now,
          registrantId: null,
          actor: { userId: context.user.userId, printedName: context.user.printedName, role: context.user.roles[0] },
          signatures: [],
          correlationId: context.correlationId,
          causationId: null,
          idempotency: context.idempotency ?? null,
          late: false,
        },
      },
    ]);
    try {
      await this.store.appendToStream(streamOf(keyId), [event], { expectedRevision: 'no_stream' });
    } catch (error) {
      // A concurrent duplicate of this request recorded the same response first.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}
