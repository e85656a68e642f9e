import { pdfText } from '../../../../test/support/pdf-text';
import { form41Document, type Form41Input } from './form-41-pdf';
import { renderPdf } from './pdf-document';

const flat = (text: string) => text.replace(/\s+/g, ' ');

const INPUT: Form41Input = {
  registrant: {
    name: 'Riverside Psychiatric Research Unit',
    deaNumber: 'RS1234563',
    address: { street: '200 Harbor Street', city: 'Baltimore', state: 'MD', postalCode: '21202' },
    timeZone: 'America/New_York',
  },
  destruction: {
    eventId: '7f1e2d3c-4b5a-4968-8776-655443322110',
    lotId: '2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d01',
    lotNumber: 'MDM-24A-017',
    substanceName: 'MDMA HCl',
    deaDrugCode: '7405',
    strengthMg: 62.5,
    form: 'CAPSULE',
    quantity: 5,
    method: 'Chemical digestion (Rx Destroyer), container sealed',
    locationName: 'Pharmacy vault',
    // 21:30 in New York on 12 March is already 13 March in UTC: the form shows the local date.
    occurredAt: '2026-03-13T01:30:00.000Z',
    recordedAt: '2026-03-13T01:42:00.000Z',
  },
  signatures: [
    { printedName: 'Pat Okafor', signedAt: '2026-03-13T01:40:00.000Z', meaning: 'AUTHOR' },
    { printedName: 'Dr. Ines Marsh', signedAt: '2026-03-13T01:41:15.000Z', meaning: 'WITNESS' },
  ],
  generatedAt: '2026-04-02T13:00:00.000Z',
  exportId: 'exp-2026-03-0002',
};

const textOf = async (input: Form41Input) =>
  flat((await pdfText(await renderPdf(form41Document(input)))).pages.join(' '));

describe('form41Document', () => {
  let text: string;
  beforeAll(async () => {
    text = await textOf(INPUT);
  });

  it('prints section A: the registrant, its DEA number and address, and a contact to fill in', () => {
    expect(text).toContain('A. Registrant Registered name Riverside Psychiatric Research Unit DEA number RS1234563');
    expect(text).toContain('Registered address 200 Harbor Street City, state, ZIP Baltimore, MD 21202');
    expect(text).toContain('Contact Not recorded in the ledger: enter by hand');
  });

  it('prints section B: one line with the DEA code for the missing NDC, the lot, and units and milligrams destroyed', () => {
    expect(text).toContain(
      'NDC or DEA code Batch / lot Substance Strength (mg) Form Quantity destroyed (units) Total destroyed (mg)',
    );
    expect(text).toContain('7405 MDM-24A-017 MDMA HCl 62.5 CAPSULE 5 312.5');
  });

  it('prints section C: the local date of destruction with its UTC time, the method and the location', () => {
    expect(text).toContain('Date of destruction 2026-03-12 (America/New_York); 2026-03-13 01:30:00 UTC');
    expect(text).toContain('Method Chemical digestion (Rx Destroyer), container sealed');
    expect(text).toContain('Location Pharmacy vault, Riverside Psychiatric Research Unit');
    expect(text).toContain('Address 200 Harbor Street, Baltimore, MD 21202');
  });

  it('prints section D: the attestation, then every signer’s printed name, e-signature manifestation and date', () => {
    expect(text).toContain('personally witnessed the destruction');
    expect(text).toContain('rendered non-retrievable');
    expect(text).toContain(
      'Signer 1 Printed name: Pat Okafor Signed electronically by Pat Okafor at 2026-03-13 01:40:00 UTC; meaning: AUTHOR',
    );
    expect(text).toContain(
      'Signer 2 Printed name: Dr. Ines Marsh Signed electronically by Dr. Ines Marsh at 2026-03-13 01:41:15 UTC; meaning: WITNESS',
    );
    expect(text).toContain('Date: 2026-03-12 (America/New_York); 2026-03-13 01:41:15 UTC');
    expect(text).not.toContain('needs two authorized employees');
  });

  it('links the record to the ledger: destruction event and lot', () => {
    expect(text).toContain('Destruction event 7f1e2d3c-4b5a-4968-8776-655443322110');
    expect(text).toContain('Lot id 2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d01');
    expect(text).toContain('Recorded at 2026-03-13 01:42:00 UTC');
  });

  it('says when fewer than two people signed', async () => {
    const one = await textOf({
      ...INPUT,
      signatures: [INPUT.signatures[0], { ...INPUT.signatures[0], meaning: 'WITNESS' }],
    });
    expect(one).toContain(
      'Form 41 needs two authorized employees who witnessed the destruction; this record is signed by one person only.',
    );
    expect(await textOf({ ...INPUT, signatures: [] })).toContain('this record is signed by nobody.');
  });

  it('totals milligrams exactly (3 units of 0.1 mg are 0.3 mg)', () => {
    const model = form41Document({ ...INPUT, destruction: { ...INPUT.destruction, quantity: 3, strengthMg: 0.1 } });
    expect(model.sections.find((s) => s.table)?.table?.rows[0].slice(-2)).toEqual(['3', '0.3']);
  });
});
