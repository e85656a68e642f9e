import type { DoseDispensed } from '@lib/ledger';
import type { DispensationEntry, DispensationRecord, LotSummary } from './documents';

export type CloseOut = 'administered' | 'returned' | 'wasted';

export function dispensed(
  lot: LotSummary,
  data: DoseDispensed['data'],
  entry: DispensationEntry,
  position: string,
): DispensationRecord {
  return {
    dispensationId: data.dispensationId,
    registrantId: lot.registrantId,
    lotId: lot.lotId,
    lotNumber: lot.lotNumber,
    participantId: data.participantId,
    protocolId: data.protocolId,
    session: data.session,
    doseType: data.doseType,
    strengthUg: lot.product.strengthUg,
    locationId: data.locationId,
    dispensed: entry.units,
    administered: 0,
    returned: 0,
    wasted: 0,
    outstanding: entry.units,
    entries: [entry],
    position,
  };
}

/** Units administered, returned or wasted; the caller keeps them within what is outstanding. */
export function closedOut(
  record: DispensationRecord,
  field: CloseOut,
  entry: DispensationEntry,
  position: string,
): DispensationRecord {
  return {
    ...record,
    [field]: record[field] + entry.units,
    outstanding: record.outstanding - entry.units,
    entries: [...record.entries, entry],
    position,
  };
}
