import type { Check, Reconciliation, ReconciliationLine } from '@lib/compliance';
import { pdfText } from '../../../../test/support/pdf-text';
import { renderPdf } from './pdf-document';
import { reconciliationDocument, type ReconciliationPdfMeta } from './reconciliation-pdf';

const flat = (text: string) => text.replace(/\s+/g, ' ');
/** `text` as a pattern that lets a long id wrap after one of its hyphens. */
const wrappable = (text: string) =>
  new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-(?=[0-9a-f])/g, '-\\s?'));

const line = (overrides: Partial<ReconciliationLine> = {}): ReconciliationLine => ({
  schedule: 'I',
  lotId: '2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d01',
  lotNumber: 'MDM-24A-017',
  substanceName: 'MDMA HCl',
  deaDrugCode: '7405',
  strengthMg: 20,
  expiresOn: '2026-06-30',
  locationId: '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c01',
  locationName: 'Pharmacy vault',
  opening: 96,
  receipts: 0,
  transfersIn: 0,
  transfersOut: 10,
  dispensed: 4,
  returned: 0,
  destroyed: 5,
  lost: 2,
  corrections: -1,
  expectedClosing: 74,
  count: {
    countId: '4e3d2c1b-0a9f-4e8d-9c7b-6a5f4e3d2c31',
    kind: 'PERIODIC',
    businessTime: 'CLOSE',
    countedAt: '2026-03-31T21:00:00.000Z',
    recordedAt: '2026-03-31T21:10:00.000Z',
    units: 73,
    bookUnits: 74,
    variance: -1,
    restatedBookUnits: 74,
    restatedVariance: -1,
  },
  ...overrides,
});

const check = <F>(ok: boolean, checked: number, findings: F[] = []): Check<F> => ({ ok, checked, findings });

const reconciliation = (lines: ReconciliationLine[]): Reconciliation => ({
  registrant: {
    registrantId: '5b0e7c1a-3d2f-4a6b-9c8d-1e2f3a4b5c01',
    name: 'Riverside Psychiatric Research Unit',
    deaNumber: 'RS1234563',
    address: { street: '200 Harbor Street', city: 'Baltimore', state: 'MD', postalCode: '21202' },
    schedules: ['I'],
    activity: 'RESEARCHER',
    timeZone: 'America/New_York',
  },
  period: {
    from: '2026-03-01',
    to: '2026-04-01',
    startsAt: '2026-03-01T05:00:00.000Z',
    endsAt: '2026-04-01T04:00:00.000Z',
  },
  lines,
  lots: [],
  checks: {
    dispensations: check(true, 3),
    destructionsWitnessed: check(false, 2, [{} as never]),
    wastageWitnessed: check(true, 1),
    receiptsWithOrder: check(true, 1),
    stockCounted: check(false, 4, [{} as never, {} as never]),
  },
  totals: {
    opening: 96,
    receipts: 50,
    transfersIn: 10,
    transfersOut: 10,
    dispensed: 13,
    returned: 2,
    destroyed: 5,
    lost: 2,
    corrections: -1,
    expectedClosing: 127,
    administered: 10,
    wasted: 1,
    outstanding: 0,
    countedLines: 3,
    countedUnits: 126,
    countedBookUnits: 127,
    variance: -1,
    linesWithVariance: 1,
  },
});

const LINES = [
  line(),
  line({
    lotId: '2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d02',
    lotNumber: 'MDM-24B-003',
    locationId: '8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c02',
    locationName: null,
    opening: 0,
    receipts: 50,
    transfersOut: 0,
    dispensed: 4,
    destroyed: 0,
    lost: 0,
    corrections: 3,
    expectedClosing: 49,
    count: null,
  }),
];

const META: ReconciliationPdfMeta = {
  exportId: 'exp-2026-03-0001',
  generatedAt: '2026-04-02T13:00:00.000Z',
  signatures: [
    { printedName: 'Pat Okafor', signedAt: '2026-03-20T14:05:00.000Z', meaning: 'AUTHOR' },
    { printedName: 'Dr. Ines Marsh', signedAt: '2026-03-20T14:06:30.000Z', meaning: 'WITNESS' },
  ],
};

const textOf = async (rec: Reconciliation, meta = META) =>
  (await pdfText(await renderPdf(reconciliationDocument(rec, meta)))).pages;

describe('reconciliationDocument', () => {
  /** The text of the two-line reconciliation, rendered and read back once for the tests that only read it. */
  let text: string;
  beforeAll(async () => {
    text = flat((await textOf(reconciliation(LINES))).join(' '));
  });

  it('prints the registrant, its DEA number and address, and the period', () => {
    expect(text).toContain('Registrant Riverside Psychiatric Research Unit');
    expect(text).toContain('DEA number RS1234563');
    expect(text).toContain('Registered address 200 Harbor Street, Baltimore, MD 21202');
    expect(text).toContain('Period 2026-03-01 to 2026-04-01 (the end excluded)');
    expect(text).toContain('from 2026-03-01 05:00:00 UTC up to 2026-04-01 04:00:00 UTC');
    expect(text).toContain('Export exp-2026-03-0001');
  });

  it('prints one row per line with every figure, signed corrections and variances, in column order', () => {
    expect(text).toContain(
      'Lot number Substance Location Opening Receipts Transfers in Transfers out Dispensed Returned Destroyed Lost Corrections Expected closing Counted Variance',
    );
    expect(text).toContain('MDM-24A-017 MDMA HCl Pharmacy vault 96 0 0 10 4 0 5 2 -1 74 73 -1');
    // A location the registrant no longer names is shown by its id; an uncounted line says so.
    expect(text).toMatch(
      wrappable('MDM-24B-003 MDMA HCl 8d4f2a10-6c3e-4b7a-a1d2-3e4f5a6b7c02 0 50 0 0 4 0 0 0 +3 49 not counted'),
    );
  });

  it('prints the totals', () => {
    for (const expected of [
      'Opening 96',
      'Receipts 50',
      'Transfers in 10',
      'Transfers out 10',
      'Dispensed 13',
      'Returned 2',
      'Destroyed 5',
      'Lost 2',
      'Corrections -1',
      'Expected closing 127',
      'Administered 10',
      'Wasted 1',
      'Dispensed, not closed out 0',
      'Lines counted 3',
      'Units counted 126',
      'Book units at the counts 127',
      'Variance -1',
      'Lines with a variance 1',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('prints each check as PASS or FAIL with what it checked and found', () => {
    expect(text).toContain('Check Result Checked Findings');
    expect(text).toContain('Every dispensation closed out (administered + returned + wasted = dispensed) PASS 3 0');
    expect(text).toContain('Every destruction witnessed by two people (21 CFR 1317.95(d)) FAIL 2 1');
    expect(text).toContain('Every lot and location holding stock counted in the period FAIL 4 2');
  });

  it('prints every signature with its printed name, UTC time and meaning', () => {
    expect(text).toContain('Signatures Printed name Signed at (UTC) Meaning');
    expect(text).toContain('Pat Okafor 2026-03-20 14:05:00 UTC AUTHOR');
    expect(text).toContain('Dr. Ines Marsh 2026-03-20 14:06:30 UTC WITNESS');
  });

  it('says so when there are no signatures, and when nothing was held or moved', async () => {
    const text = flat((await textOf(reconciliation([]), { ...META, signatures: [] })).join(' '));
    expect(text).toContain('Signatures No signatures');
    expect(text).toContain('No stock was held or moved in the period.');
  });

  it('runs 200 lines over several pages, the column header repeated on each page of the table', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => line({ lotNumber: `LOT-${String(i + 1).padStart(3, '0')}` }));
    const pages = await textOf(reconciliation(lines));
    const tablePages = pages.filter((page) => /LOT-\d{3}/.test(page));
    expect(tablePages.length).toBeGreaterThan(1);
    for (const page of tablePages) expect(flat(page)).toContain('Lot number Substance Location Opening Receipts');
    expect(flat(pages.join(' ')).match(/LOT-\d{3}/g)).toEqual(lines.map((l) => l.lotNumber));
    pages.forEach((page, i) => expect(page).toMatch(new RegExp(`Page ${i + 1}\\b`)));
  });
});
