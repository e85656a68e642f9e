import fc from 'fast-check';
import {
  ARCOS_COLUMNS,
  ARCOS_TRANSACTION_CODES,
  arcosCsvValues,
  formatArcosRecord,
  parseArcosRecord,
  type ArcosRecord,
} from './arcos';

/** The example of domain.md 9.4: a purchase of 30 packages from PM7654329 on Form 222 25X000123. */
const PURCHASE: ArcosRecord = {
  reportingRegistrant: 'RS1234563',
  transactionCode: 'P',
  actionIndicator: '',
  ndc: '',
  quantity: 30,
  unitCode: '',
  associateRegistrant: 'PM7654329',
  orderFormNumber: '25X000123',
  transactionDate: '2025-09-15',
  correctionNumber: '',
  strength: '20',
  transactionId: '0000000001',
  documentId: '',
};
const PURCHASE_LINE = 'RS1234563P 0000000000000000030 PM765432925X000123091525        00200000000001   ';

/** A late correction of a destruction, in milligrams, every field filled. */
const DESTRUCTION: ArcosRecord = {
  reportingRegistrant: 'RS1234563',
  transactionCode: 'Y',
  actionIndicator: 'I',
  ndc: '12345678901',
  quantity: 99999999,
  unitCode: '2',
  associateRegistrant: '',
  orderFormNumber: '',
  transactionDate: '2026-12-31',
  correctionNumber: 'C0000007',
  strength: 'B12',
  transactionId: 'DESTR-0042',
  documentId: 'D01',
};

/** 1-based, inclusive positions, as the layout table of domain.md 1.9 gives them. */
const at = (line: string, from: number, to = from) => line.slice(from - 1, to);

/** Valid DEA numbers: two letters, six digits and their check digit. */
const deaNumber = fc
  .tuple(fc.stringMatching(/^[A-Z]{2}$/), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }))
  .map(([letters, d]) => `${letters}${d.join('')}${(d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10}`);
const textOf = (max: number) => fc.stringMatching(new RegExp(`^([\\x20-\\x7e]{0,${max - 1}}[\\x21-\\x7e])?$`));
const date = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const record: fc.Arbitrary<ArcosRecord> = fc.record({
  reportingRegistrant: deaNumber,
  transactionCode: fc.constantFrom(...ARCOS_TRANSACTION_CODES),
  actionIndicator: fc.constantFrom('' as const, 'A' as const, 'D' as const, 'I' as const),
  ndc: fc.oneof(
    fc.constant(''),
    fc.stringMatching(/^\d{11}$/).filter((n) => n !== '00000000000'),
  ),
  quantity: fc.integer({ min: 0, max: 99999999 }),
  unitCode: fc.constantFrom('' as const, '2' as const),
  associateRegistrant: fc.oneof(fc.constant(''), deaNumber),
  orderFormNumber: textOf(9),
  transactionDate: date,
  correctionNumber: textOf(8),
  strength: fc.oneof(fc.integer({ min: 0, max: 9999 }).map(String), textOf(4)),
  transactionId: textOf(10),
  documentId: textOf(3),
});

describe('formatArcosRecord', () => {
  it('writes the example of domain.md 9.4 exactly', () => {
    expect(formatArcosRecord(PURCHASE)).toBe(PURCHASE_LINE);
  });

  it('puts every field at its documented position', () => {
    const line = formatArcosRecord(DESTRUCTION);
    expect(line).toHaveLength(80);
    expect(at(line, 1, 9)).toBe('RS1234563');
    expect(at(line, 10)).toBe('Y');
    expect(at(line, 11)).toBe('I');
    expect(at(line, 12, 22)).toBe('12345678901');
    expect(at(line, 23, 30)).toBe('99999999');
    expect(at(line, 31)).toBe('2');
    expect(at(line, 32, 40)).toBe('         ');
    expect(at(line, 41, 49)).toBe('         ');
    expect(at(line, 50, 55)).toBe('123126');
    expect(at(line, 56, 63)).toBe('C0000007');
    expect(at(line, 64, 67)).toBe('B12 ');
    expect(at(line, 68, 77)).toBe('DESTR-0042');
    expect(at(line, 78, 80)).toBe('D01');
  });

  it('zero-fills the quantity, a numeric strength and a missing NDC; space-pads text', () => {
    const line = formatArcosRecord({ ...PURCHASE, quantity: 7, strength: '5', orderFormNumber: 'A1' });
    expect(at(line, 12, 22)).toBe('00000000000');
    expect(at(line, 23, 30)).toBe('00000007');
    expect(at(line, 32, 40)).toBe('PM7654329');
    expect(at(line, 41, 49)).toBe('A1       ');
    expect(at(line, 50, 55)).toBe('091525');
    expect(at(line, 64, 67)).toBe('0005');
  });

  it('writes every valid record in exactly 80 characters (property)', () => {
    fc.assert(fc.property(record, (r) => expect(formatArcosRecord(r)).toHaveLength(80)));
  });

  it.each<[keyof ArcosRecord, unknown, RegExp]>([
    ['quantity', 1.5, /quantity must be a whole number/],
    ['quantity', -1, /quantity must be a whole number/],
    ['quantity', 100000000, /quantity must be a whole number from 0 to 99999999/],
    ['quantity', Number.NaN, /quantity/],
    ['reportingRegistrant', 'RS1234567', /reportingRegistrant must be a DEA number/],
    ['reportingRegistrant', '', /reportingRegistrant must be a DEA number/],
    ['associateRegistrant', 'PM76543290', /associateRegistrant must be a DEA number/],
    ['transactionCode', 'Q', /transactionCode must be one of/],
    ['transactionCode', 'PP', /transactionCode must be one of/],
    ['actionIndicator', 'X', /actionIndicator must be one of/],
    ['unitCode', '1', /unitCode must be one of/],
    ['ndc', '1234567890', /ndc must be 11 digits/],
    ['ndc', '1234567890X', /ndc must be 11 digits/],
    ['ndc', '00000000000', /ndc must be 11 digits \(not all zeros\)/],
    ['transactionDate', '2025-02-30', /transactionDate must be a date/],
    ['transactionDate', '1999-12-31', /transactionDate must be a date YYYY-MM-DD from 2000 to 2099/],
    ['transactionDate', '09/15/2025', /transactionDate/],
    ['orderFormNumber', '25X0001234', /orderFormNumber is 10 characters, more than the 9/],
    ['correctionNumber', 'C12345678', /correctionNumber is 9 characters/],
    ['strength', '12345', /strength must be a number from 0 to 9999/],
    ['strength', '020', /strength .*without leading zeros/],
    ['strength', 'ABCDE', /strength is 5 characters/],
    ['transactionId', 'ID\t1', /transactionId must be printable ASCII/],
    ['transactionId', 'lot-µ', /transactionId must be printable ASCII/],
    ['documentId', 'D1 ', /documentId must not end with a space/],
  ])('refuses %s = %p, naming the field', (field, value, message) => {
    expect(() => formatArcosRecord({ ...PURCHASE, [field]: value } as ArcosRecord)).toThrow(message);
  });
});

describe('parseArcosRecord', () => {
  it('reads the example of domain.md 9.4', () => {
    expect(parseArcosRecord(PURCHASE_LINE)).toEqual(PURCHASE);
  });

  it('reads back what was formatted', () => {
    expect(parseArcosRecord(formatArcosRecord(DESTRUCTION))).toEqual(DESTRUCTION);
  });

  it('is the exact inverse of formatArcosRecord (property)', () => {
    fc.assert(fc.property(record, (r) => expect(parseArcosRecord(formatArcosRecord(r))).toEqual(r)));
  });

  it('refuses a line that is not 80 characters, naming its length', () => {
    expect(() => parseArcosRecord(PURCHASE_LINE.trimEnd())).toThrow(/this line is 77/);
    expect(() => parseArcosRecord(`${PURCHASE_LINE}\r`)).toThrow(/this line is 81/);
  });

  it('refuses a line whose fields are invalid, naming the field', () => {
    const line = (from: number, text: string) =>
      PURCHASE_LINE.slice(0, from - 1) + text + PURCHASE_LINE.slice(from - 1 + text.length);
    expect(() => parseArcosRecord(line(23, '0000003X'))).toThrow(/quantity/);
    expect(() => parseArcosRecord(line(50, '133125'))).toThrow(/transactionDate/);
    expect(() => parseArcosRecord(line(10, 'Q'))).toThrow(/transactionCode/);
  });

  it('refuses a line this format would not write (a space-padded number for the strength)', () => {
    const line = PURCHASE_LINE.slice(0, 63) + '20  ' + PURCHASE_LINE.slice(67);
    expect(() => parseArcosRecord(line)).toThrow(/not a record this format writes/);
  });
});

describe('arcos.csv', () => {
  it('has the 13 fields in layout order, the date as YYYY-MM-DD', () => {
    expect(ARCOS_COLUMNS).toHaveLength(13);
    expect(arcosCsvValues(PURCHASE)).toEqual([
      'RS1234563',
      'P',
      '',
      '',
      30,
      '',
      'PM7654329',
      '25X000123',
      '2025-09-15',
      '',
      '20',
      '0000000001',
      '',
    ]);
  });

  it('refuses a record the fixed-width file could not hold', () => {
    expect(() => arcosCsvValues({ ...PURCHASE, quantity: -3 })).toThrow(/quantity/);
  });
});
