import { isLateEntry, lotStream, type DomainEvent, type Recorded } from '@lib/ledger';
import { PHARMACIST, REGISTRANT_ID, type Person } from './fixtures';

/** How an act was recorded: when it happened, when it was entered, who signed. */
export interface Act {
  /** `occurredAt`: the physical act. */
  at: string;
  /** Server time of recording; five minutes after the act unless given. */
  recordedAt?: string;
  /** The acting user; the pharmacist unless given (null: recorded by the system). */
  by?: Person | null;
  /** Second persons who signed with the meaning WITNESS. */
  witnesses?: Person[];
  /** The registrant the envelope names. */
  registrantId?: string;
}

const PAYLOAD_HASH = 'a'.repeat(64);

/**
 * Events as the store records them, in the order the test appends them: that order is the
 * global position (and each stream's revision), whatever the physical times say.
 */
export class RecordedHistory {
  readonly events: Recorded[] = [];
  private readonly revisions = new Map<string, number>();

  append(streamId: string, event: DomainEvent, act: Act): Recorded {
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    const n = this.events.length + 1;
    const recordedAt = act.recordedAt ?? new Date(Date.parse(act.at) + 5 * 60_000).toISOString();
    const actor = act.by === undefined ? PHARMACIST : act.by;
    const signers = [
      ...(actor ? [{ ...actor, meaning: 'AUTHORSHIP' }] : []),
      ...(act.witnesses ?? []).map((w) => ({ ...w, meaning: 'WITNESS' })),
    ];
    const recorded: Recorded = {
      ...event,
      streamId,
      revision,
      // Positions are not revisions and need not be contiguous.
      position: BigInt(n * 7 + 100),
      eventId: `0190c0de-0000-7000-8000-${String(n).padStart(12, '0')}`,
      metadata: {
        occurredAt: act.at,
        recordedAt,
        registrantId: act.registrantId ?? REGISTRANT_ID,
        actor,
        signatures: signers.map(({ userId, printedName, meaning }) => ({
          userId,
          printedName,
          meaning,
          signedAt: recordedAt,
          payloadHash: PAYLOAD_HASH,
        })),
        late: isLateEntry(act.at, recordedAt),
      },
    };
    this.events.push(recorded);
    return recorded;
  }

  /** Appends to a lot's stream (`lot-<lotId>`). */
  lot(lotId: string, event: DomainEvent, act: Act): this {
    this.append(lotStream(lotId), event, act);
    return this;
  }
}
