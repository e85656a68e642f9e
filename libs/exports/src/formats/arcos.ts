import { isCalendarDate, isValidDeaNumber } from '@lib/ledger';

/**
 * One ARCOS-like transaction record (domain.md 1.9 and 9.4). Text fields are what the record
 * holds once the padding is taken off, so `parseArcosRecord(formatArcosRecord(r))` is `r`.
 */
export interface ArcosRecord {
  /** DEA number of the registrant reporting. */
  reportingRegistrant: string;
  transactionCode: string;
  /** Blank for an original record; A adjust, D delete, I insert (late). */
  actionIndicator: '' | 'A' | 'D' | 'I';
  /** Eleven digits, or '' when the product has no NDC (investigational product). */
  ndc: string;
  /** Whole packages when `unitCode` is blank, whole milligrams when it is `2`. */
  quantity: number;
  unitCode: '' | '2';
  /** DEA number of the other party, or '' when there is none (destruction, theft, inventory). */
  associateRegistrant: string;
  orderFormNumber: string;
  /** YYYY-MM-DD, in 2000–2099: the record carries MMDDYY. */
  transactionDate: string;
  correctionNumber: string;
  /** Digits (zero-filled in the record), other text (space-padded) or ''. */
  strength: string;
  transactionId: string;
  documentId: string;
}

export type ArcosField = keyof ArcosRecord;

/** The record's fields in the order of the layout, also the columns of `arcos.csv`. */
export const ARCOS_COLUMNS = [
  'reportingRegistrant',
  'transactionCode',
  'actionIndicator',
  'ndc',
  'quantity',
  'unitCode',
  'associateRegistrant',
  'orderFormNumber',
  'transactionDate',
  'correctionNumber',
  'strength',
  'transactionId',
  'documentId',
] as const satisfies readonly ArcosField[];

/** Each field's width in characters, in layout order; they add up to the 80 columns. */
const WIDTHS: Record<ArcosField, number> = {
  reportingRegistrant: 9,
  transactionCode: 1,
  actionIndicator: 1,
  ndc: 11,
  quantity: 8,
  unitCode: 1,
  associateRegistrant: 9,
  orderFormNumber: 9,
  transactionDate: 6,
  correctionNumber: 8,
  strength: 4,
  transactionId: 10,
  documentId: 3,
};

export const ARCOS_RECORD_LENGTH = 80;

/**
 * The codes of the ARCOS Registrant Handbook's transaction matrix: inventory, acquisition and
 * disposition (domain.md 1.9). `7` and `F` are referenced there with a meaning not confirmed.
 */
export const ARCOS_TRANSACTION_CODES = [
  '1',
  '3',
  '4',
  '5',
  '8',
  'P',
  'R',
  'W',
  'M',
  'L',
  'G',
  'J',
  'V',
  'S',
  'Y',
  'T',
  'N',
  'U',
  '7',
  'F',
] as const;

const ACTION_INDICATORS: readonly string[] = ['', 'A', 'D', 'I'];
const UNIT_CODES: readonly string[] = ['', '2'];
const NO_NDC = '0'.repeat(WIDTHS.ndc);
const MAX_QUANTITY = 10 ** WIDTHS.quantity - 1;

const invalid = (field: ArcosField, why: string): Error => new Error(`ARCOS record: ${field} ${why}`);

/**
 * Free text of a fixed-width field: printable ASCII (one character, one column) that fits, and
 * no trailing space, which the padding would swallow.
 */
function text(r: ArcosRecord, field: ArcosField): string {
  const value = r[field];
  if (typeof value !== 'string') throw invalid(field, `must be text, got ${typeof value}`);
  if (!/^[\x20-\x7e]*$/.test(value)) throw invalid(field, `must be printable ASCII, got ${JSON.stringify(value)}`);
  if (value.endsWith(' ')) throw invalid(field, `must not end with a space, got ${JSON.stringify(value)}`);
  if (value.length > WIDTHS[field]) {
    throw invalid(field, `is ${value.length} characters, more than the ${WIDTHS[field]} the field holds`);
  }
  return value.padEnd(WIDTHS[field], ' ');
}

function oneOf(r: ArcosRecord, field: ArcosField, allowed: readonly string[]): string {
  const value = r[field];
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw invalid(
      field,
      `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return text(r, field);
}

function deaNumber(r: ArcosRecord, field: 'reportingRegistrant' | 'associateRegistrant', optional: boolean): string {
  const value = r[field];
  if (!(optional && value === '') && !isValidDeaNumber(value)) {
    throw invalid(field, `must be a DEA number (two letters, seven digits, check digit), got ${JSON.stringify(value)}`);
  }
  return text(r, field);
}

function ndc(r: ArcosRecord): string {
  if (r.ndc === '') return NO_NDC;
  if (!/^\d{11}$/.test(r.ndc) || r.ndc === NO_NDC) {
    throw invalid('ndc', `must be 11 digits (not all zeros) or '' when there is none, got ${JSON.stringify(r.ndc)}`);
  }
  return r.ndc;
}

function quantity(r: ArcosRecord): string {
  const q = r.quantity;
  if (!Number.isInteger(q) || q < 0 || q > MAX_QUANTITY) {
    throw invalid('quantity', `must be a whole number from 0 to ${MAX_QUANTITY}, got ${q}`);
  }
  return String(q).padStart(WIDTHS.quantity, '0');
}

function transactionDate(r: ArcosRecord): string {
  const match = /^20(\d\d)-(\d\d)-(\d\d)$/.exec(r.transactionDate);
  if (!match || !isCalendarDate(r.transactionDate)) {
    throw invalid(
      'transactionDate',
      `must be a date YYYY-MM-DD from 2000 to 2099, got ${JSON.stringify(r.transactionDate)}`,
    );
  }
  const [, yy, mm, dd] = match;
  return `${mm}${dd}${yy}`;
}

/** A numeric strength is zero-filled; written without leading zeros so that parsing gives it back. */
function strength(r: ArcosRecord): string {
  if (typeof r.strength !== 'string' || !/^\d+$/.test(r.strength)) return text(r, 'strength');
  if (!/^(0|[1-9]\d{0,3})$/.test(r.strength)) {
    throw invalid(
      'strength',
      `must be a number from 0 to 9999 without leading zeros, got ${JSON.stringify(r.strength)}`,
    );
  }
  return r.strength.padStart(WIDTHS.strength, '0');
}

/** The 80-character record (no line terminator) with the fields at the positions of domain.md 1.9. */
export function formatArcosRecord(r: ArcosRecord): string {
  return [
    deaNumber(r, 'reportingRegistrant', false),
    oneOf(r, 'transactionCode', ARCOS_TRANSACTION_CODES),
    oneOf(r, 'actionIndicator', ACTION_INDICATORS),
    ndc(r),
    quantity(r),
    oneOf(r, 'unitCode', UNIT_CODES),
    deaNumber(r, 'associateRegistrant', true),
    text(r, 'orderFormNumber'),
    transactionDate(r),
    text(r, 'correctionNumber'),
    strength(r),
    text(r, 'transactionId'),
    text(r, 'documentId'),
  ].join('');
}

/** The exact inverse of `formatArcosRecord`; the result is checked by formatting it again. */
export function parseArcosRecord(line: string): ArcosRecord {
  if (line.length !== ARCOS_RECORD_LENGTH) {
    throw new Error(`ARCOS record: a record is ${ARCOS_RECORD_LENGTH} characters, this line is ${line.length}`);
  }
  const raw = {} as Record<ArcosField, string>;
  let at = 0;
  for (const field of ARCOS_COLUMNS) {
    raw[field] = line.slice(at, at + WIDTHS[field]);
    at += WIDTHS[field];
  }
  const [mm, dd, yy] = [0, 2, 4].map((i) => raw.transactionDate.slice(i, i + 2));
  const record: ArcosRecord = {
    reportingRegistrant: raw.reportingRegistrant.trimEnd(),
    transactionCode: raw.transactionCode.trimEnd(),
    actionIndicator: raw.actionIndicator.trimEnd() as ArcosRecord['actionIndicator'],
    ndc: raw.ndc === NO_NDC ? '' : raw.ndc,
    quantity: /^\d+$/.test(raw.quantity) ? Number(raw.quantity) : NaN,
    unitCode: raw.unitCode.trimEnd() as ArcosRecord['unitCode'],
    associateRegistrant: raw.associateRegistrant.trimEnd(),
    orderFormNumber: raw.orderFormNumber.trimEnd(),
    transactionDate: `20${yy}-${mm}-${dd}`,
    correctionNumber: raw.correctionNumber.trimEnd(),
    strength: /^\d+$/.test(raw.strength) ? String(Number(raw.strength)) : raw.strength.trimEnd(),
    transactionId: raw.transactionId.trimEnd(),
    documentId: raw.documentId.trimEnd(),
  };
  // Every field's rules in one place: whatever formats back to the same line was read exactly.
  if (formatArcosRecord(record) !== line) {
    throw new Error(`ARCOS record: the line is not a record this format writes: ${JSON.stringify(line)}`);
  }
  return record;
}

/**
 * The row of `arcos.csv`: the record's fields in `ARCOS_COLUMNS` order, the date as YYYY-MM-DD.
 * It refuses what `formatArcosRecord` refuses, so the CSV never holds a record the text file cannot.
 */
export function arcosCsvValues(r: ArcosRecord): (string | number)[] {
  formatArcosRecord(r);
  return ARCOS_COLUMNS.map((column) => r[column]);
}
