import { mgOf } from '@lib/compliance';
import { localDate } from '@lib/ledger';
import type { DispensationRecord } from './lot-pass';
import { SortedCsvFile } from './sorted-csv-file';

const DISPENSING_COLUMNS = [
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
];

const ACCOUNTABILITY_COLUMNS = [
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
];

const names = (people: string[]) => [...new Set(people)].join('; ');

/**
 * The two views of the period's dispensations, fed lot by lot and sorted on disk:
 * - `dispensing-record.csv`, the dispensing record of 21 CFR 1304.22(c) (domain.md 9.7), by time
 *   of dispensing; participants appear by their study code only, names and addresses stay with
 *   the site;
 * - `participant-accountability.csv`, the GCP per-subject log (ICH E6 4.6.3; domain.md 9.6):
 *   each dose with what became of it by the period's end, by participant, protocol and session.
 */
export class DispensationFiles {
  private readonly dispensing: SortedCsvFile;
  private readonly accountability: SortedCsvFile;

  constructor(
    paths: { dispensing: string; accountability: string },
    private readonly timeZone: string,
  ) {
    this.dispensing = new SortedCsvFile(paths.dispensing, DISPENSING_COLUMNS);
    this.accountability = new SortedCsvFile(paths.accountability, ACCOUNTABILITY_COLUMNS);
  }

  add(r: DispensationRecord): void {
    // ISO instants of one format sort as text; the id keeps the order total.
    this.dispensing.add(`${r.dispensedAt}\u0000${r.dispensationId}`, [
      localDate(r.dispensedAt, this.timeZone),
      r.dispensedAt,
      r.participantId,
      r.substanceName,
      r.form,
      mgOf(1, r.strengthUg),
      r.dispensed,
      mgOf(r.dispensed, r.strengthUg),
      r.dispensedBy,
      names(r.administeredBy),
      r.protocolId,
      r.session,
      r.doseType,
      r.lotNumber,
      r.dispensationId,
    ]);
    const session = String(r.session).padStart(4, '0');
    this.accountability.add([r.participantId, r.protocolId, session, r.dispensedAt, r.dispensationId].join('\u0000'), [
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
      names(r.administeredBy),
      names(r.closedOutBy),
    ]);
  }

  /** Writes both files; answers their data rows. */
  async close(): Promise<{ dispensing: number; accountability: number }> {
    return { dispensing: await this.dispensing.close(), accountability: await this.accountability.close() };
  }
}
