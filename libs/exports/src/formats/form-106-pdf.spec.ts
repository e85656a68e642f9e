import { pdfText } from '../../../../test/support/pdf-text';
import { form106Document, type Form106Input } from './form-106-pdf';
import { renderPdf } from './pdf-document';

const flat = (text: string) => text.replace(/\s+/g, ' ');

const INPUT: Form106Input = {
  registrant: {
    name: 'Riverside Psychiatric Research Unit',
    deaNumber: 'RS1234563',
    address: { street: '200 Harbor Street', city: 'Baltimore', state: 'MD', postalCode: '21202' },
    timeZone: 'America/New_York',
    contact: { name: 'Carl Benton', telephone: '+1 410 555 0142' },
  },
  loss: {
    eventId: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
    lotId: '2c9e6b3d-7a1f-4e8c-b5d4-6f7a8b9c0d01',
    lotNumber: 'MDM-24A-017',
    kind: 'THEFT',
    occurredAt: '2026-03-13T23:00:00.000Z',
    discoveredAt: '2026-03-14T13:15:00.000Z',
    recordedAt: '2026-03-14T13:40:00.000Z',
    description: 'Two capsules missing at the morning count; the vault log shows no access overnight.',
    substanceName: 'MDMA HCl',
    deaDrugCode: '7405',
    strengthMg: 20,
    form: 'CAPSULE',
    quantity: 2,
    locationName: 'Pharmacy vault',
  },
  caseId: 'c0ffee00-1111-4222-8333-444455556666',
  lossesInPast24Months: 3,
  notices: { deaNoticeAt: '2026-03-14T18:05:00.000Z', form106FiledAt: null },
  signatures: [{ printedName: 'Carl Benton', signedAt: '2026-03-15T14:00:00.000Z', meaning: 'APPROVE' }],
  generatedAt: '2026-04-02T13:00:00.000Z',
  exportId: 'exp-2026-03-0003',
};

const textOf = async (input: Form106Input) =>
  flat((await pdfText(await renderPdf(form106Document(input)))).pages.join(' '));

describe('form106Document', () => {
  let text: string;
  beforeAll(async () => {
    text = await textOf(INPUT);
  });

  it('says it is a pre-fill for manual entry into TLR, not a report', () => {
    expect(text).toContain('Pre-fill for manual entry into DEA’s Theft/Loss Reporting (TLR) system');
    expect(text).toContain('not a filing');
  });

  it('prints the registrant block with its contact', () => {
    expect(text).toContain('Registered name Riverside Psychiatric Research Unit DEA number RS1234563');
    expect(text).toContain('City, state, ZIP Baltimore, MD 21202 Contact Carl Benton Telephone +1 410 555 0142');
  });

  it('prints the type, the dates of the loss and of its discovery, the 24-month count and the description', () => {
    expect(text).toContain('Type of theft or loss Theft');
    expect(text).toContain('Date of theft or loss 2026-03-13 (America/New_York); 2026-03-13 23:00:00 UTC');
    expect(text).toContain('Date of discovery 2026-03-14 (America/New_York); 2026-03-14 13:15:00 UTC');
    expect(text).toContain('Thefts and losses in the past 24 months 3');
    expect(text).toContain('Two capsules missing at the morning count; the vault log shows no access overnight.');
  });

  it('prints the substance line with the quantity lost in units and milligrams', () => {
    expect(text).toContain('DEA code Product Strength (mg) Form Quantity lost (units) Quantity lost (mg)');
    expect(text).toContain('7405 MDMA HCl 20 CAPSULE 2 40');
  });

  it('prints the case’s notification facts', () => {
    expect(text).toContain(
      'Written notice to the DEA Field Division 2026-03-14 (America/New_York); 2026-03-14 18:05:00 UTC',
    );
    expect(text).toContain('Form 106 filed in TLR Not recorded as filed');
  });

  it('prints every signature’s printed name, time and meaning', () => {
    expect(text).toContain(
      'Signer 1 Printed name: Carl Benton Signed electronically by Carl Benton at 2026-03-15 14:00:00 UTC; meaning: APPROVE',
    );
  });

  it('links the pre-fill to the ledger: loss event, case and lot', () => {
    expect(text).toContain('Loss event 3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d');
    expect(text).toContain('Discrepancy case c0ffee00-1111-4222-8333-444455556666');
    expect(text).toContain('Lot number MDM-24A-017');
  });

  it('leaves out notifications without a case, says when nobody signed, and asks for the contact by hand', async () => {
    const bare = await textOf({
      ...INPUT,
      registrant: { ...INPUT.registrant, contact: null },
      loss: { ...INPUT.loss, kind: 'BREAKAGE_UNRECOVERABLE' },
      caseId: null,
      notices: undefined,
      signatures: [],
    });
    expect(bare).toContain('Type of theft or loss Breakage or spillage, not recoverable');
    expect(bare).not.toContain('Notifications');
    expect(bare).not.toContain('Discrepancy case');
    expect(bare).toContain('Signatures No signatures');
    expect(bare).toContain('Contact Not recorded in the ledger: enter by hand');
  });
});
