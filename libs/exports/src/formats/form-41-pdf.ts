import type { DosageForm } from '@lib/ledger';
import { registrantFields, signerFields, type FormRegistrant } from './dea-form-parts';
import { addressLine, localDateAndUtc, totalMg, utcTime, type SignatureManifestation } from './display-values';
import type { PdfDocumentModel, PdfSection } from './pdf-document';

export interface Form41Input {
  registrant: FormRegistrant;
  /** One `StockDestroyed` event. */
  destruction: {
    eventId: string;
    lotId: string;
    lotNumber: string;
    substanceName: string;
    /** Four-digit DEA controlled substance code, used where the product has no NDC. */
    deaDrugCode: string;
    strengthMg: number;
    form: DosageForm;
    /** Dosage units destroyed. */
    quantity: number;
    method: string;
    locationName: string;
    /** The destruction itself. */
    occurredAt: string;
    recordedAt: string;
  };
  /** The event's signatures: the person who destroyed and the witness(es). */
  signatures: SignatureManifestation[];
  generatedAt: string;
  exportId: string;
}

/** Paraphrase of the Form 41 declaration (domain.md 9.2): not DEA's wording. */
export const FORM_41_ATTESTATION =
  'Each person signing below attests that they personally witnessed the destruction of the controlled ' +
  'substances listed in Section B and that the substances were rendered non-retrievable ' +
  '(21 CFR 1317.90, 1317.95(d)).';

/** Section D: the attestation, then each signer's printed name, manifestation and date. */
function witnesses(signatures: SignatureManifestation[], timeZone: string): PdfSection {
  const people = new Set(signatures.map((s) => s.printedName)).size;
  const shortfall =
    people < 2
      ? [
          'Form 41 needs two authorized employees who witnessed the destruction; this record is signed by ' +
            (people === 0 ? 'nobody.' : 'one person only.'),
        ]
      : [];
  return {
    heading: 'D. Witnesses',
    paragraphs: [FORM_41_ATTESTATION, ...shortfall],
    fields: signerFields(signatures, timeZone),
  };
}

/**
 * The DEA Form 41 worksheet for one on-site destruction (domain.md 9.2): the record the registrant
 * keeps (21 CFR 1304.21(e)), laid out in the form's sections A to D.
 */
export function form41Document(input: Form41Input): PdfDocumentModel {
  const { registrant, destruction: d } = input;
  return {
    title: 'DEA Form 41 worksheet: controlled substances destroyed',
    subtitle: `Registrant record of an on-site destruction, ${registrant.name}`,
    header: [
      ['Registrant', registrant.name],
      ['DEA number', registrant.deaNumber],
      ['Export', input.exportId],
      ['Generated', utcTime(input.generatedAt)],
    ],
    sections: [
      { heading: 'A. Registrant', fields: registrantFields(registrant) },
      {
        heading: 'B. Inventory destroyed',
        table: {
          columns: [
            'NDC or DEA code',
            'Batch / lot',
            'Substance',
            'Strength (mg)',
            'Form',
            'Quantity destroyed (units)',
            'Total destroyed (mg)',
          ],
          rows: [
            [
              d.deaDrugCode,
              d.lotNumber,
              d.substanceName,
              String(d.strengthMg),
              d.form,
              String(d.quantity),
              String(totalMg(d.quantity, d.strengthMg)),
            ],
          ],
        },
      },
      {
        heading: 'C. Destruction',
        fields: [
          ['Date of destruction', localDateAndUtc(d.occurredAt, registrant.timeZone)],
          ['Method', d.method],
          ['Location', `${d.locationName}, ${registrant.name}`],
          ['Address', addressLine(registrant.address)],
        ],
      },
      witnesses(input.signatures, registrant.timeZone),
      {
        heading: 'Ledger references',
        fields: [
          ['Destruction event', d.eventId],
          ['Lot id', d.lotId],
          ['Recorded at', utcTime(d.recordedAt)],
        ],
      },
    ],
    footer: `DEA Form 41 worksheet ${registrant.deaNumber} | event ${d.eventId} | export ${input.exportId}`,
    createdAt: input.generatedAt,
  };
}
