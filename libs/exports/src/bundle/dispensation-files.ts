import { mgOf } from '@lib/compliance';
import { localDate } from '@lib/ledger';
import { CsvFile } from './csv-file';
import type { DispensationRecord } from './lot-pass';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The dispensing record of 21 CFR 1304.22(c) (domain.md 9.7), by time of dispensing. Participants
 * appear by their study code only; names and addresses stay with the site.
 */
export function writeDispensingRecord(path: string, records: DispensationRecord[], timeZone: string): number {
  const file = CsvFile.create(path, [
    'date',
    'dispensedAtUtc',
    'participantCode',
    'product',
    'finishedForm',
    'strengthMg',
    'units',
    'mg',
    'dispensedBy',
    'administeredBy',
    'protocol',
    'session',
    'doseType',
    'lotNumber',
    'dispensationId',
  ]);
  const ordered = [...records].sort(
    (a, b) => Date.parse(a.dispensedAt) - Date.parse(b.dispensedAt) || byText(a.dispensationId, b.dispensationId),
  );
  for (const r of ordered) {
    file.row([
      localDate(r.dispensedAt, timeZone),
      r.dispensedAt,
      r.participantId,
      r.substanceName,
      r.form,
      mgOf(1, r.strengthUg),
      r.dispensed,
      mgOf(r.dispensed, r.strengthUg),
      r.dispensedBy,
      [...new Set(r.administeredBy)].join('; '),
      r.protocolId,
      r.session,
      r.doseType,
      r.lotNumber,
      r.dispensationId,
    ]);
  }
  return file.close();
}

/**
 * The GCP per-subject accountability log (ICH E6 4.6.3; domain.md 9.6): every dose dispensed in
 * the period with what became of it by the period's end, by participant, protocol and session.
 */
export function writeParticipantAccountability(path: string, records: DispensationRecord[]): number {
  const file = CsvFile.create(path, [
    'participantCode',
    'protocol',
    'session',
    'doseType',
    'lotNumber',
    'dispensationId',
    'dispensedAtUtc',
    'dispensed',
    'administered',
    'returned',
    'wasted',
    'outstanding',
    'lastActAtUtc',
    'dispensedBy',
    'administeredBy',
    'returnedOrWastedBy',
  ]);
  const ordered = [...records].sort(
    (a, b) =>
      byText(a.participantId, b.participantId) ||
      byText(a.protocolId, b.protocolId) ||
      a.session - b.session ||
      Date.parse(a.dispensedAt) - Date.parse(b.dispensedAt) ||
      byText(a.dispensationId, b.dispensationId),
  );
  for (const r of ordered) {
    file.row([
      r.participantId,
      r.protocolId,
      r.session,
      r.doseType,
      r.lotNumber,
      r.dispensationId,
      r.dispensedAt,
      r.dispensed,
      r.administered,
      r.returned,
      r.wasted,
      r.dispensed - r.administered - r.returned - r.wasted,
      r.lastActAt,
      r.dispensedBy,
      [...new Set(r.administeredBy)].join('; '),
      [...new Set(r.closedOutBy)].join('; '),
    ]);
  }
  return file.close();
}
