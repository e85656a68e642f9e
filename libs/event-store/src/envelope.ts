import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { NewEvent, RecordedEvent } from './event-store.port';

/** Who did it, in the role they acted under. */
export interface EnvelopeActor {
  userId: string;
  printedName: string;
  role: string;
}

/** 21 CFR 11.50 signature manifestation, linked to its record by `payloadHash` (11.70). */
export interface SignatureManifestation {
  userId: string;
  printedName: string;
  meaning: 'AUTHORSHIP' | 'WITNESS' | 'APPROVAL' | 'REVIEW' | 'VERIFICATION' | 'RESPONSIBILITY';
  signedAt: string;
  payloadHash: string;
}

/** The version of the envelope below, in `schemaVersion` of every event. */
export const SCHEMA_VERSION = 1;

/** The envelope carried in the metadata of every ledger event. */
export interface LedgerMetadata {
  schemaVersion: number;
  /** The physical act (21 CFR 1304.21(d)), UTC. */
  occurredAt: string;
  /** Server time of recording (21 CFR 11.10(e)), UTC. */
  recordedAt: string;
  registrantId: string | null;
  /** Null only for events the system records on its own behalf. */
  actor: EnvelopeActor | null;
  signatures: SignatureManifestation[];
  correlationId: string;
  causationId: string | null;
  /** Fingerprint of the idempotency key and of the request that carried it. */
  idempotency: { keyId: string; requestHash: string } | null;
  /** Recorded long after the act (accepted and flagged, never refused). */
  late: boolean;
  prevHash: string;
  hash: string;
}

export type UnsealedMetadata = Omit<LedgerMetadata, 'prevHash' | 'hash' | 'signatures'> & {
  signatures: Omit<SignatureManifestation, 'payloadHash'>[];
};

export interface EventDraft {
  eventId: string;
  type: string;
  data: unknown;
  metadata: UnsealedMetadata;
}

export const GENESIS_HASH = '0'.repeat(64);

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The content every signature of an event signs: which record, what it says, when it happened. */
export function signedPayloadHash(
  streamId: string,
  event: { type: string; data: unknown; metadata: { occurredAt: string; registrantId: string | null } },
): string {
  return sha256(
    canonicalJson({
      streamId,
      type: event.type,
      data: event.data,
      occurredAt: event.metadata.occurredAt,
      registrantId: event.metadata.registrantId,
    }),
  );
}

/** SHA-256 over the canonical JSON of type, data and metadata without `hash`. */
export function eventHash(event: { type: string; data: unknown; metadata: Record<string, unknown> }): string {
  const { hash: _omit, ...metadata } = event.metadata;
  return sha256(canonicalJson({ type: event.type, data: event.data, metadata }));
}

/** Links drafts into the stream's hash chain, after the event whose hash is `previousHash`. */
export function sealEvents(streamId: string, previousHash: string, drafts: EventDraft[]): NewEvent[] {
  let prevHash = previousHash;
  return drafts.map((draft) => {
    const payloadHash = signedPayloadHash(streamId, draft);
    const metadata = {
      ...draft.metadata,
      signatures: draft.metadata.signatures.map((s) => ({ ...s, payloadHash })),
      prevHash,
    };
    const hash = eventHash({ type: draft.type, data: draft.data, metadata });
    prevHash = hash;
    return { eventId: draft.eventId, type: draft.type, data: draft.data, metadata: { ...metadata, hash } };
  });
}

export interface ChainVerification {
  valid: boolean;
  events: number;
  firstInvalid?: { revision: number; eventId: string; reason: string };
}

/** Where a stream's chain stands after the events checked so far. */
export interface ChainHead {
  revision: number;
  hash: string;
}

export const EMPTY_CHAIN: ChainHead = { revision: -1, hash: GENESIS_HASH };

/**
 * Checks one event against the head of its stream's chain: its place, its link, its own hash and
 * every signature's link to the signed content. Answers why it fails, or null.
 */
export function checkLink(head: ChainHead, event: RecordedEvent): string | null {
  const metadata = event.metadata as Partial<LedgerMetadata>;
  if (event.revision !== head.revision + 1) return 'revision out of sequence (an event is missing or reordered)';
  if (metadata.prevHash !== head.hash) return 'previous-hash link broken';
  if (eventHash(event) !== metadata.hash) return 'content does not match its hash';
  const payloadHash = signedPayloadHash(event.streamId, {
    type: event.type,
    data: event.data,
    metadata: { occurredAt: String(metadata.occurredAt), registrantId: metadata.registrantId ?? null },
  });
  if ((metadata.signatures ?? []).some((s) => s.payloadHash !== payloadHash)) {
    return 'a signature does not match the signed content';
  }
  return null;
}

export const headAfter = (event: RecordedEvent): ChainHead => ({
  revision: event.revision,
  hash: String((event.metadata as Partial<LedgerMetadata>).hash),
});

/** Recomputes a whole stream's chain, and every signature's link to its record. */
export function verifyStream(events: RecordedEvent[]): ChainVerification {
  let head = EMPTY_CHAIN;
  for (const event of events) {
    const reason = checkLink(head, event);
    if (reason) {
      return {
        valid: false,
        events: events.length,
        firstInvalid: { revision: event.revision, eventId: event.eventId, reason },
      };
    }
    head = headAfter(event);
  }
  return { valid: true, events: events.length };
}
