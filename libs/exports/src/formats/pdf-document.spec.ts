import { pdfText } from '../../../../test/support/pdf-text';
import { renderPdf, type PdfDocumentModel } from './pdf-document';

const flat = (text: string) => text.replace(/\s+/g, ' ');

const MODEL: PdfDocumentModel = {
  title: 'Test document',
  subtitle: 'A subtitle',
  header: [
    ['Registrant', 'Riverside Psychiatric Research Unit'],
    ['DEA number', 'RS1234563'],
  ],
  sections: [
    {
      heading: 'First section',
      paragraphs: ['A paragraph of text.'],
      fields: [['Label', 'Value of the field']],
      table: { columns: ['Lot', 'Units'], rows: [['MDM-24A-001', '93']] },
    },
  ],
  footer: 'Export 0001 | generated 2026-04-02 12:00:00 UTC',
  createdAt: '2026-04-02T12:00:00.000Z',
};

/** 200 numbered rows, every tenth with a cell long enough to wrap over several lines. */
const LONG_TABLE: PdfDocumentModel = {
  ...MODEL,
  sections: [
    {
      heading: 'Lines',
      table: {
        columns: ['Row', 'Lot number', 'Location', 'Expected closing'],
        rows: Array.from({ length: 200 }, (_, i) => [
          `row-${String(i + 1).padStart(3, '0')}`,
          `LOT-${i + 1}`,
          i % 10 === 0 ? `Vault ${'and a very long location description '.repeat(6)}end-${i + 1}` : 'Vault',
          String(i * 3),
        ]),
      },
    },
  ],
};

describe('renderPdf', () => {
  it('prints the title, header, sections and a page footer a PDF reader can read back', async () => {
    const { pages } = await pdfText(await renderPdf(MODEL));
    expect(pages).toHaveLength(1);
    const text = flat(pages[0]);
    for (const expected of [
      'Test document',
      'A subtitle',
      'Registrant Riverside Psychiatric Research Unit',
      'DEA number RS1234563',
      'First section',
      'A paragraph of text.',
      'Label Value of the field',
      'Lot Units',
      'MDM-24A-001 93',
      'Export 0001 | generated 2026-04-02 12:00:00 UTC',
      'Page 1',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('runs a 200-row table over several pages, repeating the column header, every row once and in order', async () => {
    const { pages } = await pdfText(await renderPdf(LONG_TABLE));
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(flat(page)).toContain('Row Lot number Location Expected closing');
      expect(page).toMatch(new RegExp(`Page ${i + 1}\\b`));
    });
    const rows = flat(pages.join(' ')).match(/row-\d{3}/g);
    expect(rows).toEqual(LONG_TABLE.sections[0].table!.rows.map((row) => row[0]));
  });

  it('wraps a long cell inside its column instead of cutting it', async () => {
    const text = flat((await pdfText(await renderPdf(LONG_TABLE))).pages.join(' '));
    for (const i of [1, 101, 191]) expect(text).toContain(`location description end-${i}`);
  });

  it('gives the same bytes for the same model: the creation date is the model’s, not the clock’s', async () => {
    const [a, b] = await Promise.all([renderPdf(MODEL), renderPdf(MODEL)]);
    expect(a.equals(b)).toBe(true);
    // pdfkit writes the Info dictionary's dates as objects of their own: `13 0 obj (D:...) endobj`.
    expect(a.toString('latin1')).toMatch(/obj\s+\(D:20260402120000Z\)/);
    const later = await renderPdf({ ...MODEL, createdAt: '2026-04-03T08:30:00.000Z' });
    expect(later.toString('latin1')).toMatch(/obj\s+\(D:20260403083000Z\)/);
    expect(later.equals(a)).toBe(false);
  });

  it('prints text outside the standard fonts’ encoding as the base letter or ?, never as garbage', async () => {
    const model = { ...MODEL, header: [['Witness', 'Łukasz Wójcik, Zoë Šimić, Đorđe Petrović ő'] as [string, string]] };
    const text = flat((await pdfText(await renderPdf(model))).pages[0]);
    // ć and ő decompose to a base letter and an accent the encoding lacks; Ł and đ have no base letter.
    expect(text).toContain('?ukasz Wójcik, Zoë Šimic, ?or?e Petrovic o');
  });

  it('lays a wide table out on landscape pages when asked', async () => {
    const portrait = await pdfText(await renderPdf(LONG_TABLE));
    const landscape = await pdfText(await renderPdf({ ...LONG_TABLE, orientation: 'landscape' }));
    expect(landscape.pages.length).toBeGreaterThan(portrait.pages.length);
  });

  it('refuses a row whose cells do not match the columns, naming the section and row', async () => {
    const model: PdfDocumentModel = {
      ...MODEL,
      sections: [{ heading: 'Lines', table: { columns: ['a', 'b'], rows: [['1', '2'], ['3']] } }],
    };
    await expect(renderPdf(model)).rejects.toThrow('PDF section "Lines": row 2 has 1 cells for 2 columns');
  });

  it('refuses a creation date that is not an instant', async () => {
    await expect(renderPdf({ ...MODEL, createdAt: 'yesterday' })).rejects.toThrow(/createdAt is not an instant/);
  });
});
