import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalJson,
  deterministicId,
  GENESIS_HASH,
  sealEvents,
  type EventDraft,
  type LedgerMetadata,
  type RecordedEvent,
  type SignatureManifestation,
  type UnsealedMetadata,
} from '@lib/event-store';
import {
  BUNDLE_FORMAT,
  csvRow,
  manifestText,
  sha256Hex,
  signaturesText,
  signManifest,
  TRANSACTION_COLUMNS,
  type BundleManifest,
  type ManifestFile,
  type TransactionColumn,
  type UnsignedManifest,
} from '@lib/exports';

/**
 * A small but real export bundle written to a folder: two hash-chained streams (one starting at
 * genesis, one that began before the period so its chain starts mid-way), witnessed signatures, a
 * second CSV with a quoted multi-line field, a two-record arcos.txt and a stand-in PDF, under a
 * manifest signed with a fresh Ed25519 key.
 */
export interface BundleFixture {
  dir: string;
  manifest: BundleManifest;
  publicKey: KeyObject;
  privateKey: KeyObject;
  events: RecordedEvent[];
}

export const LOT_A = 'lot-0b7c1f0e-aaaa-4c1e-9d7e-6f3a2b1c0d01';
export const LOT_B = 'lot-0b7c1f0e-bbbb-4c1e-9d7e-6f3a2b1c0d02';
const REGISTRANT = 'registrant-harbor';
const PHARMACIST = { userId: 'user-pat', printedName: 'Pat Pharmacist, PharmD', role: 'PHARMACIST' };
const INVESTIGATOR = { userId: 'user-ivy', printedName: 'Ivy Investigator, MD', role: 'INVESTIGATOR' };

function draft(
  streamId: string,
  revision: number,
  type: string,
  data: unknown,
  actor: typeof PHARMACIST | null,
  witness: typeof PHARMACIST | null,
): EventDraft {
  const at = new Date(Date.UTC(2026, 2, 2, 14, revision, 0)).toISOString();
  const signatures: Omit<SignatureManifestation, 'payloadHash'>[] = [];
  if (actor)
    signatures.push({ userId: actor.userId, printedName: actor.printedName, meaning: 'AUTHORSHIP', signedAt: at });
  if (witness) {
    signatures.push({ userId: witness.userId, printedName: witness.printedName, meaning: 'WITNESS', signedAt: at });
  }
  const metadata: UnsealedMetadata = {
    schemaVersion: 1,
    occurredAt: at,
    recordedAt: at,
    registrantId: REGISTRANT,
    actor,
    signatures,
    correlationId: deterministicId('fixture', streamId, String(revision)),
    causationId: null,
    idempotency: null,
    late: revision === 4,
  };
  return { eventId: deterministicId('fixture-event', streamId, String(revision)), type, data, metadata };
}

/** Lot A is received in the period; lot B was received before it, so the bundle holds its revisions 3 and 4. */
function ledgerEvents(): { events: RecordedEvent[]; lotBPrevHash: string } {
  const lotA = sealEvents(LOT_A, GENESIS_HASH, [
    draft(LOT_A, 0, 'LotReceived', { quantity: 100, note: 'DEA 222 "231234567", sealed' }, PHARMACIST, null),
    draft(LOT_A, 1, 'LotTransferred', { quantity: 30, to: 'Clinic room 2' }, PHARMACIST, INVESTIGATOR),
    draft(LOT_A, 2, 'CountRecorded', { units: 70 }, null, null),
  ]);
  const lotB = sealEvents(LOT_B, GENESIS_HASH, [
    draft(LOT_B, 0, 'LotReceived', { quantity: 50 }, PHARMACIST, null),
    draft(LOT_B, 1, 'LotTransferred', { quantity: 10 }, PHARMACIST, INVESTIGATOR),
    draft(LOT_B, 2, 'Dispensed', { quantity: 4, participantId: 'P-001' }, PHARMACIST, null),
    draft(LOT_B, 3, 'Administered', { quantity: 4, participantId: 'P-001' }, INVESTIGATOR, PHARMACIST),
    draft(LOT_B, 4, 'Destroyed', { quantity: 5, reason: 'damaged\r\ncapsules' }, PHARMACIST, INVESTIGATOR),
  ]);
  const recorded = (streamId: string, revision: number, position: bigint, event: (typeof lotA)[number]) => ({
    ...event,
    streamId,
    revision,
    position,
  });
  const events = [
    recorded(LOT_A, 0, 101n, lotA[0]),
    recorded(LOT_B, 3, 107n, lotB[3]),
    recorded(LOT_A, 1, 112n, lotA[1]),
    recorded(LOT_B, 4, 130n, lotB[4]),
    recorded(LOT_A, 2, 131n, lotA[2]),
  ];
  return { events, lotBPrevHash: String(lotB[2].metadata.hash) };
}

type TransactionRow = Record<TransactionColumn, string>;

/** The columns of an event's row of transactions.csv, as the bundle format describes them. */
function transactionColumns(event: RecordedEvent): TransactionRow {
  const metadata = event.metadata as unknown as LedgerMetadata;
  return {
    position: event.position.toString(),
    streamId: event.streamId,
    revision: String(event.revision),
    eventId: event.eventId,
    type: event.type,
    occurredAtUtc: metadata.occurredAt,
    recordedAtUtc: metadata.recordedAt,
    late: String(metadata.late),
    actorId: metadata.actor?.userId ?? '',
    actorPrintedName: metadata.actor?.printedName ?? '',
    actorRole: metadata.actor?.role ?? '',
    signatures: signaturesText(metadata.signatures),
    prevHash: metadata.prevHash,
    hash: metadata.hash,
    data: canonicalJson(event.data),
    metadata: canonicalJson(metadata),
  };
}

/** Writes transactions.csv for `events`, letting `edit` change a row's columns (a forged or buggy export). */
export function writeTransactions(
  dir: string,
  events: RecordedEvent[],
  edit: (row: TransactionRow, index: number) => void = () => undefined,
): void {
  const rows = events.map((event, index) => {
    const row = transactionColumns(event);
    edit(row, index);
    return csvRow(TRANSACTION_COLUMNS.map((column) => row[column]));
  });
  writeFileSync(join(dir, 'transactions.csv'), csvRow([...TRANSACTION_COLUMNS]) + rows.join(''));
}

export const ARCOS_LINES = ['A'.repeat(40) + '1'.repeat(40), 'B'.repeat(40) + '2'.repeat(40)];

/** The entry the manifest gives a file as it now is in `dir`. */
export function fileEntry(dir: string, name: string, rows?: number): ManifestFile {
  const bytes = readFileSync(join(dir, name));
  return { name, sha256: sha256Hex(bytes), bytes: bytes.length, ...(rows === undefined ? {} : { rows }) };
}

export function writeBundle(dir: string): BundleFixture {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { events, lotBPrevHash } = ledgerEvents();
  writeTransactions(dir, events);
  writeFileSync(
    join(dir, 'inventory.csv'),
    csvRow(['lotId', 'locationId', 'units', 'note']) +
      csvRow([LOT_A, 'Vault A', 70, 'counted, "by two"']) +
      csvRow([LOT_A, 'Clinic room 2', 30, 'first line\r\nsecond line']) +
      csvRow([LOT_B, 'Vault A', 36, null]),
  );
  writeFileSync(join(dir, 'arcos.txt'), ARCOS_LINES.map((line) => `${line}\r\n`).join(''));
  writeFileSync(join(dir, 'reconciliation.pdf'), '%PDF-1.7\n% stand-in for the rendered reconciliation\n%%EOF\n');
  const byType: Record<string, number> = {};
  for (const event of events) byType[event.type] = (byType[event.type] ?? 0) + 1;
  const unsigned: UnsignedManifest = {
    format: BUNDLE_FORMAT,
    exportId: 'export-fixture-1',
    registrant: {
      registrantId: REGISTRANT,
      name: 'Harbor Clinical Research Unit',
      deaNumber: 'RS1234563',
      address: { street: '1 Research Way', city: 'Boston', state: 'MA', postalCode: '02115' },
      timeZone: 'America/New_York',
    },
    period: {
      from: '2026-03-01',
      to: '2026-04-01',
      startsAt: '2026-03-01T05:00:00.000Z',
      endsAt: '2026-04-01T04:00:00.000Z',
    },
    generatedAt: '2026-04-01T06:00:00.000Z',
    requestedBy: { userId: 'user-cora', printedName: 'Cora Compliance' },
    events: { total: events.length, fromPosition: '101', toPosition: '131', byType },
    streams: [
      { streamId: LOT_A, fromRevision: 0, toRevision: 2, prevHash: GENESIS_HASH, head: hashOf(events[4]) },
      { streamId: LOT_B, fromRevision: 3, toRevision: 4, prevHash: lotBPrevHash, head: hashOf(events[3]) },
    ],
    files: [
      fileEntry(dir, 'transactions.csv', events.length),
      fileEntry(dir, 'inventory.csv', 3),
      fileEntry(dir, 'arcos.txt', ARCOS_LINES.length),
      fileEntry(dir, 'reconciliation.pdf'),
    ],
  };
  const manifest = signManifest(unsigned, privateKey);
  writeFileSync(join(dir, 'manifest.json'), manifestText(manifest));
  return { dir, manifest, publicKey, privateKey, events };
}

const hashOf = (event: RecordedEvent): string => String(event.metadata.hash);

/**
 * Rewrites manifest.json after `change`: signed again with `signWith`, or keeping the signature it
 * had (what someone without the private key can do).
 */
export function editManifest(
  dir: string,
  change: (manifest: UnsignedManifest) => void,
  signWith?: KeyObject,
): BundleManifest {
  const { signature, ...unsigned } = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
  change(unsigned);
  const manifest = signWith ? signManifest(unsigned, signWith) : { ...unsigned, signature };
  writeFileSync(join(dir, 'manifest.json'), manifestText(manifest));
  return manifest;
}

/** Points the manifest's entry for `name` at the file as it now is (hash, size, and rows if given). */
export const refreshEntry =
  (dir: string, name: string, rows?: number) =>
  (manifest: UnsignedManifest): void => {
    manifest.files = manifest.files.map((file) =>
      file.name === name ? fileEntry(dir, name, rows ?? file.rows) : file,
    );
  };
