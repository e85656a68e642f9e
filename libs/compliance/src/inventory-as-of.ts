import { BUSINESS_TIMES, invalid, SCHEDULES, type BusinessTime, type Recorded, type Registrant } from '@lib/ledger';
import type {
  HeldForDisposalLine,
  InventoryLine,
  InventoryReport,
  InventoryTotals,
  OutsideStorageLine,
  ScheduleSection,
  SubstanceTotal,
} from './inventory-report';
import { inventoryCutOff } from './shared/cut-off';
import { emptyBook, outstandingOf, post } from './shared/lot-book';
import { lotHistories, type LotHistory } from './shared/lot-histories';
import { mgOf, ugOf, ugToMg } from './shared/milligrams';
import { compareText, lineOrder, locationName, registrantHeader } from './shared/registrant-header';

interface LotStock {
  history: LotHistory;
  stored: InventoryLine[];
  expired: boolean;
  outside: OutsideStorageLine[];
}

function stockAt(history: LotHistory, registrant: Registrant, cutOffMs: number, asOfDate: string): LotStock {
  const book = emptyBook();
  for (let i = 0; i < history.events.length && history.times[i] < cutOffMs; i++) post(book, history.events[i]);
  const { lot } = history;
  const { strengthUg } = lot.product;
  const stored = [...book.onHand]
    .filter(([, units]) => units !== 0)
    .map(([locationId, units]): InventoryLine => ({
      lotId: lot.lotId,
      lotNumber: lot.lotNumber,
      substanceName: lot.product.substanceName,
      deaDrugCode: lot.product.deaDrugCode,
      form: lot.product.form,
      strengthMg: mgOf(1, strengthUg),
      unitsPerContainer: lot.product.unitsPerContainer,
      expiresOn: lot.expiresOn,
      locationId,
      locationName: locationName(registrant, locationId),
      units,
      mg: mgOf(units, strengthUg),
    }));
  const outside: OutsideStorageLine[] = [];
  for (const [dispensationId, tally] of book.dispensations) {
    const info = history.dispensations.get(dispensationId);
    const outstanding = outstandingOf(tally);
    if (!info || outstanding <= 0) continue;
    outside.push({
      dispensationId,
      participantId: info.participantId,
      protocolId: info.protocolId,
      session: info.session,
      doseType: info.doseType,
      lotId: lot.lotId,
      lotNumber: lot.lotNumber,
      substanceName: lot.product.substanceName,
      deaDrugCode: lot.product.deaDrugCode,
      strengthMg: mgOf(1, strengthUg),
      dispensedFromLocationId: info.locationId,
      dispensedAt: info.dispensedAt,
      ...tally,
      outstanding,
      mg: mgOf(outstanding, strengthUg),
    });
  }
  // A lot is good through its expiry date and held for disposal from the day after (as dispensing is refused).
  return { history, stored, expired: asOfDate > lot.expiresOn, outside };
}

const sum = (lines: { units: number }[]) => lines.reduce((total, line) => total + line.units, 0);

function totalsOf(lines: InventoryLine[], held: HeldForDisposalLine[], outside: OutsideStorageLine[]): InventoryTotals {
  const storedUnits = sum(lines);
  const heldForDisposalUnits = sum(held);
  const outsideStorageUnits = outside.reduce((total, line) => total + line.outstanding, 0);
  return {
    storedUnits,
    heldForDisposalUnits,
    outsideStorageUnits,
    onHandUnits: storedUnits + heldForDisposalUnits + outsideStorageUnits,
  };
}

function bySubstance(stocks: LotStock[]): SubstanceTotal[] {
  const totals = new Map<string, { deaDrugCode: string; substanceName: string; units: number; ug: number }>();
  for (const { history, stored, outside } of stocks) {
    const { deaDrugCode, substanceName, strengthUg } = history.lot.product;
    const key = `${deaDrugCode}\u0000${substanceName}`;
    const total = totals.get(key) ?? { deaDrugCode, substanceName, units: 0, ug: 0 };
    const units = sum(stored) + outside.reduce((n, line) => n + line.outstanding, 0);
    total.units += units;
    total.ug += ugOf(units, strengthUg);
    totals.set(key, total);
  }
  return [...totals.values()]
    .filter((t) => t.units !== 0)
    .sort((a, b) => compareText(a.deaDrugCode, b.deaDrugCode) || compareText(a.substanceName, b.substanceName))
    .map(({ ug, ...t }) => ({ ...t, mg: ugToMg(ug) }));
}

/**
 * The inventory as it stood at `asOf` (21 CFR 1304.11), from one registrant's recorded events:
 * every act counts at its physical time (`occurredAt`, 1304.21(d)), so an entry recorded late
 * counts where it belongs. `asOf` is an instant with an offset, or a date, which with OPENING
 * means before anything happened that day on the registrant's clock and with CLOSE after
 * everything that did. Events of other registrants are ignored. Throws `VALIDATION_FAILED` for
 * a malformed `asOf` or business time.
 */
export function inventoryAsOf(
  events: Iterable<Recorded>,
  registrant: Registrant,
  asOf: string,
  businessTime: BusinessTime,
): InventoryReport {
  if (!BUSINESS_TIMES.includes(businessTime)) {
    throw invalid('businessTime', 'businessTime must be OPENING or CLOSE.');
  }
  const { cutOff, date, asOf: given } = inventoryCutOff(asOf, businessTime, registrant.timeZone);
  const stocks = lotHistories(events, registrant.registrantId).map((history) =>
    stockAt(history, registrant, cutOff.ms, date),
  );
  const order = lineOrder(registrant);
  const schedules = SCHEDULES.filter(
    (s) =>
      registrant.schedules.includes(s) ||
      stocks.some((x) => x.history.lot.product.schedule === s && (x.stored.length > 0 || x.outside.length > 0)),
  );
  const sections = schedules.map((schedule): ScheduleSection => {
    const ofSchedule = stocks.filter((x) => x.history.lot.product.schedule === schedule);
    const lines = ofSchedule
      .filter((x) => !x.expired)
      .flatMap((x) => x.stored)
      .sort(order);
    const heldForDisposal = ofSchedule
      .filter((x) => x.expired)
      .flatMap((x) => x.stored.map((line): HeldForDisposalLine => ({ ...line, reason: 'EXPIRED' })))
      .sort(order);
    const outsideStorage = ofSchedule
      .flatMap((x) => x.outside)
      .sort(
        (a, b) =>
          Date.parse(a.dispensedAt) - Date.parse(b.dispensedAt) || compareText(a.dispensationId, b.dispensationId),
      );
    return {
      schedule,
      lines,
      heldForDisposal,
      outsideStorage,
      totals: { ...totalsOf(lines, heldForDisposal, outsideStorage), bySubstance: bySubstance(ofSchedule) },
    };
  });
  const totals = totalsOf(
    sections.flatMap((s) => s.lines),
    sections.flatMap((s) => s.heldForDisposal),
    sections.flatMap((s) => s.outsideStorage),
  );
  return {
    registrant: registrantHeader(registrant),
    asOf: given,
    asOfDate: date,
    cutOff: cutOff.instant,
    businessTime,
    sections,
    totals,
    zeroInventory: sections.every(
      (s) => s.lines.length === 0 && s.heldForDisposal.length === 0 && s.outsideStorage.length === 0,
    ),
  };
}
