/**
 * The columns of `transactions.csv`, one row per ledger event of the period in global order.
 * `data` and `metadata` are the event's canonical JSON, so a verifier recomputes every hash and
 * chain link from the file alone; the columns before them are the readable Part 11 view of the
 * same event and must agree with it. `signatures` lists every signature manifestation as
 * `printed name | UTC time | meaning`, separated by `; `.
 */
export const TRANSACTION_COLUMNS = [
  'position',
  'streamId',
  'revision',
  'eventId',
  'type',
  'occurredAtUtc',
  'recordedAtUtc',
  'late',
  'actorId',
  'actorPrintedName',
  'actorRole',
  'signatures',
  'prevHash',
  'hash',
  'data',
  'metadata',
] as const;

export type TransactionColumn = (typeof TRANSACTION_COLUMNS)[number];

/** The readable manifestation of a signature, as in the `signatures` column and the PDFs. */
export const manifestationText = (s: { printedName: string; signedAt: string; meaning: string }): string =>
  `${s.printedName} | ${s.signedAt} | ${s.meaning}`;

export const signaturesText = (signatures: { printedName: string; signedAt: string; meaning: string }[]): string =>
  signatures.map(manifestationText).join('; ');
