/**
 * Child process of the crash-safety spec: appends hash-chained events to several streams, all at
 * once, until it is killed, and prints one JSON line per acknowledged append:
 *   node -r test/support/register-ts.js append-until-killed.ts <database file> <stream count>
 */
import { randomUUID } from 'node:crypto';
import { EventDraft, GENESIS_HASH, sealEvents } from '../../envelope';
import { SqliteEventStore } from '../sqlite.event-store';

export interface Acknowledgement {
  streamId: string;
  revision: number;
  eventId: string;
}

const [file, streamCount] = process.argv.slice(2);
const store = SqliteEventStore.open(file);

function draft(revision: number): EventDraft {
  const now = new Date().toISOString();
  return {
    eventId: randomUUID(),
    type: 'QuantityCounted',
    data: { revision, quantity: revision * 10, unit: 'dosage units', note: 'Zählung ✓' },
    metadata: {
      schemaVersion: 1,
      occurredAt: now,
      recordedAt: now,
      registrantId: 'registrant-crash',
      actor: { userId: 'user-1', printedName: 'Crash Tester', role: 'PHARMACIST' },
      signatures: [{ userId: 'user-1', printedName: 'Crash Tester', meaning: 'AUTHORSHIP', signedAt: now }],
      correlationId: randomUUID(),
      causationId: null,
      idempotency: null,
      late: false,
    },
  };
}

async function appendUntilKilled(streamId: string): Promise<never> {
  let previousHash = GENESIS_HASH;
  for (let revision = 0; ; revision += 1) {
    const events = sealEvents(streamId, previousHash, [draft(revision)]);
    await store.appendToStream(streamId, events, { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
    const acknowledgement: Acknowledgement = { streamId, revision, eventId: events[0].eventId };
    process.stdout.write(`${JSON.stringify(acknowledgement)}\n`);
    previousHash = String(events[0].metadata.hash);
  }
}

const runId = randomUUID();
for (let stream = 0; stream < Number(streamCount); stream += 1) {
  appendUntilKilled(`crash-${runId}-${stream}`).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
