import type { Check, Reconciliation, ReconciliationChecks, ReconciliationLine } from '@lib/compliance';
import { addressLine, SIGNATURE_COLUMNS, signatureRows, utcTime, type SignatureManifestation } from './display-values';
import type { PdfDocumentModel, PdfSection } from './pdf-document';

export interface ReconciliationPdfMeta {
  exportId: string;
  /** ISO instant; also the PDF's creation date. */
  generatedAt: string;
  /** The signatures of the events the figures come from. */
  signatures: SignatureManifestation[];
}

/** A correction or variance with its sign, so +2 and -2 are not read alike. */
const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

const LINE_COLUMNS = [
  'Lot number',
  'Substance',
  'Location',
  'Opening',
  'Receipts',
  'Transfers in',
  'Transfers out',
  'Dispensed',
  'Returned',
  'Destroyed',
  'Lost',
  'Corrections',
  'Expected closing',
  'Counted',
  'Variance',
];

const lineRow = (l: ReconciliationLine): string[] => [
  l.lotNumber,
  l.substanceName,
  l.locationName ?? l.locationId,
  String(l.opening),
  String(l.receipts),
  String(l.transfersIn),
  String(l.transfersOut),
  String(l.dispensed),
  String(l.returned),
  String(l.destroyed),
  String(l.lost),
  signed(l.corrections),
  String(l.expectedClosing),
  l.count ? String(l.count.units) : 'not counted',
  l.count ? signed(l.count.variance) : '',
];

/** What each cross-check asks, in the words an inspector would use (domain.md section 7). */
const CHECK_NAMES: Record<keyof ReconciliationChecks, string> = {
  dispensations: 'Every dispensation closed out (administered + returned + wasted = dispensed)',
  destructionsWitnessed: 'Every destruction witnessed by two people (21 CFR 1317.95(d))',
  wastageWitnessed: 'Every wastage witnessed by a second person',
  receiptsWithOrder: 'Every schedule I/II receipt names its DEA Form 222 or CSOS order',
  stockCounted: 'Every lot and location holding stock counted in the period',
};

const checkRow = (name: string, check: Check<unknown>): string[] => [
  name,
  check.ok ? 'PASS' : 'FAIL',
  String(check.checked),
  String(check.findings.length),
];

/** The period reconciliation as an inspector reads it: one row per lot and location, then checks and signatures. */
export function reconciliationDocument(rec: Reconciliation, meta: ReconciliationPdfMeta): PdfDocumentModel {
  const { registrant, period, totals } = rec;
  const lines: PdfSection =
    rec.lines.length > 0
      ? { heading: 'Lines by lot and location (units)', table: { columns: LINE_COLUMNS, rows: rec.lines.map(lineRow) } }
      : { heading: 'Lines by lot and location (units)', paragraphs: ['No stock was held or moved in the period.'] };
  return {
    title: 'Controlled substance reconciliation',
    subtitle: `${registrant.name}, ${period.from} to ${period.to}`,
    orientation: 'landscape',
    header: [
      ['Registrant', registrant.name],
      ['DEA number', registrant.deaNumber],
      ['Registered address', addressLine(registrant.address)],
      ['Schedules', registrant.schedules.join(', ')],
      ['Period', `${period.from} to ${period.to} (the end excluded)`],
      ['Period in UTC', `from ${utcTime(period.startsAt)} up to ${utcTime(period.endsAt)}`],
      ['Export', meta.exportId],
      ['Generated', utcTime(meta.generatedAt)],
    ],
    sections: [
      lines,
      {
        heading: 'Totals (units)',
        paragraphs: [
          'Expected closing = opening + receipts + transfers in - transfers out - dispensed + returned - destroyed' +
            ' - lost +/- corrections. Variance = counted - book at the time of the count.',
        ],
        fields: [
          ['Opening', String(totals.opening)],
          ['Receipts', String(totals.receipts)],
          ['Transfers in', String(totals.transfersIn)],
          ['Transfers out', String(totals.transfersOut)],
          ['Dispensed', String(totals.dispensed)],
          ['Returned', String(totals.returned)],
          ['Destroyed', String(totals.destroyed)],
          ['Lost', String(totals.lost)],
          ['Corrections', signed(totals.corrections)],
          ['Expected closing', String(totals.expectedClosing)],
          ['Administered', String(totals.administered)],
          ['Wasted', String(totals.wasted)],
          ['Dispensed, not closed out', String(totals.outstanding)],
          ['Lines counted', String(totals.countedLines)],
          ['Units counted', String(totals.countedUnits)],
          ['Book units at the counts', String(totals.countedBookUnits)],
          ['Variance', signed(totals.variance)],
          ['Lines with a variance', String(totals.linesWithVariance)],
        ],
      },
      {
        heading: 'Checks',
        table: {
          columns: ['Check', 'Result', 'Checked', 'Findings'],
          rows: (Object.keys(CHECK_NAMES) as (keyof ReconciliationChecks)[]).map((key) =>
            checkRow(CHECK_NAMES[key], rec.checks[key]),
          ),
        },
      },
      meta.signatures.length > 0
        ? { heading: 'Signatures', table: { columns: SIGNATURE_COLUMNS, rows: signatureRows(meta.signatures) } }
        : { heading: 'Signatures', paragraphs: ['No signatures'] },
    ],
    footer: `Reconciliation ${registrant.deaNumber} ${period.from} to ${period.to} | export ${meta.exportId} | generated ${utcTime(meta.generatedAt)}`,
    createdAt: meta.generatedAt,
  };
}
