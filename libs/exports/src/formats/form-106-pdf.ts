import type { DosageForm, LossKind } from '@lib/ledger';
import { registrantFields, signerFields, type FormRegistrant } from './dea-form-parts';
import { localDateAndUtc, totalMg, utcTime, type SignatureManifestation } from './display-values';
import type { PdfDocumentModel, PdfSection } from './pdf-document';

export interface Form106Input {
  registrant: FormRegistrant;
  /** One `LossReported` event. */
  loss: {
    eventId: string;
    lotId: string;
    lotNumber: string;
    kind: LossKind;
    /** When the theft or loss happened (or is believed to have). */
    occurredAt: string;
    /** When it was discovered: the reporting clocks start here (21 CFR 1301.76(b)). */
    discoveredAt: string;
    recordedAt: string;
    description: string;
    substanceName: string;
    deaDrugCode: string;
    strengthMg: number;
    form: DosageForm;
    /** Dosage units lost. */
    quantity: number;
    locationName: string;
  };
  /** The discrepancy case the loss belongs to, when there is one. */
  caseId?: string | null;
  /** Thefts and losses of the registrant in the 24 months before, as the caller counts them. */
  lossesInPast24Months: number;
  /** The case's notification facts, when the caller has a case. */
  notices?: { deaNoticeAt?: string | null; form106FiledAt?: string | null };
  signatures: SignatureManifestation[];
  generatedAt: string;
  exportId: string;
}

const KIND_TEXT: Record<LossKind, string> = {
  THEFT: 'Theft',
  LOSS: 'Loss',
  BREAKAGE_UNRECOVERABLE: 'Breakage or spillage, not recoverable',
  OTHER: 'Other (see the description)',
};

export const FORM_106_NOTE =
  'Pre-fill for manual entry into DEA’s Theft/Loss Reporting (TLR) system: this document is not a ' +
  'report to DEA. Form 106 is filed electronically in TLR within 45 days of discovery, after written ' +
  'notice to the DEA Field Division Office within one business day of discovery (21 CFR 1301.76(b)).';

function notifications(notices: NonNullable<Form106Input['notices']>, timeZone: string): PdfSection {
  const when = (at: string | null | undefined, otherwise: string) => (at ? localDateAndUtc(at, timeZone) : otherwise);
  return {
    heading: 'Notifications',
    fields: [
      ['Written notice to the DEA Field Division', when(notices.deaNoticeAt, 'Not recorded')],
      ['Form 106 filed in TLR', when(notices.form106FiledAt, 'Not recorded as filed')],
    ],
  };
}

/** The DEA Form 106 pre-fill for one theft or loss (domain.md 9.3). */
export function form106Document(input: Form106Input): PdfDocumentModel {
  const { registrant, loss } = input;
  const tz = registrant.timeZone;
  return {
    title: 'DEA Form 106 pre-fill: theft or loss of controlled substances',
    subtitle: `${registrant.name}: for entry into DEA's Theft/Loss Reporting system`,
    header: [
      ['Registrant', registrant.name],
      ['DEA number', registrant.deaNumber],
      ['Export', input.exportId],
      ['Generated', utcTime(input.generatedAt)],
    ],
    sections: [
      { heading: 'About this document', paragraphs: [FORM_106_NOTE] },
      { heading: 'Registrant', fields: registrantFields(registrant) },
      {
        heading: 'Theft or loss',
        fields: [
          ['Type of theft or loss', KIND_TEXT[loss.kind]],
          ['Date of theft or loss', localDateAndUtc(loss.occurredAt, tz)],
          ['Date of discovery', localDateAndUtc(loss.discoveredAt, tz)],
          ['Storage location', loss.locationName],
          ['Thefts and losses in the past 24 months', String(input.lossesInPast24Months)],
          ['Description', loss.description],
        ],
      },
      {
        heading: 'Controlled substances lost',
        table: {
          columns: ['DEA code', 'Product', 'Strength (mg)', 'Form', 'Quantity lost (units)', 'Quantity lost (mg)'],
          rows: [
            [
              loss.deaDrugCode,
              loss.substanceName,
              String(loss.strengthMg),
              loss.form,
              String(loss.quantity),
              String(totalMg(loss.quantity, loss.strengthMg)),
            ],
          ],
        },
      },
      ...(input.notices ? [notifications(input.notices, tz)] : []),
      input.signatures.length > 0
        ? { heading: 'Signatures', fields: signerFields(input.signatures, tz) }
        : { heading: 'Signatures', paragraphs: ['No signatures'] },
      {
        heading: 'Ledger references',
        fields: [
          ['Loss event', loss.eventId],
          ...(input.caseId ? [['Discrepancy case', input.caseId] as [string, string]] : []),
          ['Lot id', loss.lotId],
          ['Lot number', loss.lotNumber],
          ['Recorded at', utcTime(loss.recordedAt)],
        ],
      },
    ],
    footer: `DEA Form 106 pre-fill ${registrant.deaNumber} | event ${loss.eventId} | export ${input.exportId} | not a filing`,
    createdAt: input.generatedAt,
  };
}
