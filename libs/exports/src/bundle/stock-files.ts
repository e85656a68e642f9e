import type { InventoryLine, InventoryReport, Reconciliation } from '@lib/compliance';
import type { Registrant } from '@lib/ledger';
import { CsvFile } from './csv-file';
import { locationNameOf } from './location-name';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A line of stock in a storage location, usable or held for disposal. */
const storedRow = (section: string, schedule: string, l: InventoryLine, note: string) => [
  section,
  schedule,
  l.substanceName,
  l.deaDrugCode,
  l.form,
  l.strengthMg,
  l.unitsPerContainer,
  l.lotNumber,
  l.lotId,
  l.expiresOn,
  l.locationName ?? l.locationId,
  l.units,
  l.mg,
  note,
];

/**
 * The inventory as it stood at the period's end (21 CFR 1304.11; domain.md 9.1): section A stock
 * in storage, B held for disposal (expired), and doses dispensed and still outstanding. No rows at
 * all is the zero-inventory statement.
 */
export function writeInventory(path: string, reports: InventoryReport[], registrant: Registrant): number {
  const file = CsvFile.create(path, [
    'section',
    'schedule',
    'substanceName',
    'deaDrugCode',
    'form',
    'strengthMg',
    'unitsPerContainer',
    'lotNumber',
    'lotId',
    'expiresOn',
    'location',
    'units',
    'mg',
    'note',
  ]);
  const rows = reports.flatMap((report) =>
    report.sections.flatMap((s) => [
      ...s.lines.map((l) => storedRow('A_IN_STORAGE', s.schedule, l, '')),
      ...s.heldForDisposal.map((l) => storedRow('B_HELD_FOR_DISPOSAL', s.schedule, l, l.reason)),
      ...s.outsideStorage.map((o) => [
        'OUTSIDE_STORAGE',
        s.schedule,
        o.substanceName,
        o.deaDrugCode,
        '',
        o.strengthMg,
        null,
        o.lotNumber,
        o.lotId,
        '',
        `dispensed from ${locationNameOf(registrant, o.dispensedFromLocationId)}`,
        o.outstanding,
        o.mg,
        `dispensation ${o.dispensationId}, participant ${o.participantId}, session ${o.session}`,
      ]),
    ]),
  );
  rows.sort((a, b) => byText(String(a[0]), String(b[0])) || byText(String(a[7]), String(b[7])));
  for (const row of rows) file.row(row as (string | number | null)[]);
  return file.close();
}

/** The reconciliation's lines (domain.md section 7): one per lot and storage location. */
export function writeReconciliation(path: string, reconciliation: Reconciliation): number {
  const file = CsvFile.create(path, [
    'lotNumber',
    'lotId',
    'substanceName',
    'deaDrugCode',
    'strengthMg',
    'expiresOn',
    'location',
    'opening',
    'receipts',
    'transfersIn',
    'transfersOut',
    'dispensed',
    'returned',
    'destroyed',
    'lost',
    'corrections',
    'expectedClosing',
    'countId',
    'countedAtUtc',
    'counted',
    'variance',
  ]);
  for (const l of reconciliation.lines) {
    file.row([
      l.lotNumber,
      l.lotId,
      l.substanceName,
      l.deaDrugCode,
      l.strengthMg,
      l.expiresOn,
      l.locationName ?? l.locationId,
      l.opening,
      l.receipts,
      l.transfersIn,
      l.transfersOut,
      l.dispensed,
      l.returned,
      l.destroyed,
      l.lost,
      l.corrections,
      l.expectedClosing,
      l.count?.countId ?? '',
      l.count?.countedAt ?? '',
      l.count?.units ?? '',
      l.count?.variance ?? '',
    ]);
  }
  return file.close();
}
