import { invalid, type Recorded, type Registrant } from '@lib/ledger';
import { lotPeriod, type LotPeriod, type MovementFigures } from './lot-period';
import { reconciliationChecks } from './reconciliation-checks';
import type {
  LotAccountability,
  LotMovements,
  Reconciliation,
  ReconciliationLine,
  ReconciliationTotals,
} from './reconciliation.types';
import { parseBound } from './shared/cut-off';
import { outstandingOf, unitsIn, type LotBook } from './shared/lot-book';
import { lotHistories } from './shared/lot-histories';
import { mgOf } from './shared/milligrams';
import { MOVEMENT_SIGN, MOVEMENTS } from './shared/movements';
import { lineOrder, locationName, registrantHeader } from './shared/registrant-header';

const lotIdentity = ({ history: { lot } }: LotPeriod) => ({
  schedule: lot.product.schedule,
  lotId: lot.lotId,
  lotNumber: lot.lotNumber,
  substanceName: lot.product.substanceName,
  deaDrugCode: lot.product.deaDrugCode,
  strengthMg: mgOf(1, lot.product.strengthUg),
  expiresOn: lot.expiresOn,
});

function linesOf(period: LotPeriod, registrant: Registrant): ReconciliationLine[] {
  const locations = new Set([...period.opening.onHand.keys(), ...period.movements.keys(), ...period.counts.keys()]);
  return [...locations].flatMap((locationId) => {
    const opening = period.opening.onHand.get(locationId) ?? 0;
    const moved = period.movements.get(locationId);
    const count = period.counts.get(locationId) ?? null;
    const figures = Object.fromEntries(MOVEMENTS.map((m) => [m, moved?.[m] ?? 0])) as MovementFigures;
    if (opening === 0 && count === null && MOVEMENTS.every((m) => figures[m] === 0)) return [];
    const expectedClosing = MOVEMENTS.reduce((units, m) => units + MOVEMENT_SIGN[m] * figures[m], opening);
    return [
      {
        ...lotIdentity(period),
        locationId,
        locationName: locationName(registrant, locationId),
        opening,
        ...figures,
        expectedClosing,
        count,
      },
    ];
  });
}

const movementsBetween = (opening: LotBook, closing: LotBook): LotMovements => {
  const { totals: a } = opening;
  const { totals: b } = closing;
  return {
    received: b.received - a.received,
    dispensed: b.dispensed - a.dispensed,
    administered: b.administered - a.administered,
    returned: b.returned - a.returned,
    wasted: b.wasted - a.wasted,
    destroyed: b.destroyed - a.destroyed,
    lost: b.lost - a.lost,
    corrected: b.corrected - a.corrected,
  };
};

const outstandingIn = (book: LotBook): number =>
  [...book.dispensations.values()].reduce((units, tally) => units + outstandingOf(tally), 0);

function accountabilityOf(period: LotPeriod): LotAccountability {
  const { opening, closing } = period;
  const toDate = { ...closing.totals, onHand: unitsIn(closing), outstanding: outstandingIn(closing) };
  return {
    ...lotIdentity(period),
    period: { opening: unitsIn(opening), ...movementsBetween(opening, closing), closing: unitsIn(closing) },
    toDate,
    identityHolds:
      toDate.received - toDate.destroyed - toDate.lost - (toDate.dispensed - toDate.returned) + toDate.corrected ===
      toDate.onHand,
  };
}

function totalsOf(lines: ReconciliationLine[], lots: LotAccountability[]): ReconciliationTotals {
  const add = (pick: (line: ReconciliationLine) => number) => lines.reduce((sum, line) => sum + pick(line), 0);
  const counted = lines.flatMap((line) => (line.count ? [line.count] : []));
  return {
    opening: add((l) => l.opening),
    receipts: add((l) => l.receipts),
    transfersIn: add((l) => l.transfersIn),
    transfersOut: add((l) => l.transfersOut),
    dispensed: add((l) => l.dispensed),
    returned: add((l) => l.returned),
    destroyed: add((l) => l.destroyed),
    lost: add((l) => l.lost),
    corrections: add((l) => l.corrections),
    expectedClosing: add((l) => l.expectedClosing),
    administered: lots.reduce((sum, lot) => sum + lot.period.administered, 0),
    wasted: lots.reduce((sum, lot) => sum + lot.period.wasted, 0),
    outstanding: lots.reduce((sum, lot) => sum + lot.toDate.outstanding, 0),
    countedLines: counted.length,
    countedUnits: counted.reduce((sum, c) => sum + c.units, 0),
    countedBookUnits: counted.reduce((sum, c) => sum + c.bookUnits, 0),
    variance: counted.reduce((sum, c) => sum + c.variance, 0),
    linesWithVariance: counted.filter((c) => c.variance !== 0).length,
  };
}

/** Anything to reconcile: stock or open doses at `from`, or any act within the period. */
const isActive = (period: LotPeriod): boolean =>
  period.events.length > 0 ||
  [...period.opening.onHand.values()].some((units) => units !== 0) ||
  period.activeDispensations.size > 0;

/**
 * The DEA-style reconciliation of one registrant over [from, to) (domain.md section 7), per lot
 * and storage location, from the recorded events: every act counts at its physical time
 * (`occurredAt`, 21 CFR 1304.21(d)), so the opening book at `from` holds everything before it,
 * late entries included, and acts at or after `to` are left out. An approved correction is such
 * an act, with its own column (± Σ CorrectionRecorded): dated where the error it fixes was made,
 * it restates the book that a count found wrong. `from` and `to` are instants with an offset, or dates (the start of that day on the registrant's clock). Events of other
 * registrants are ignored. The result is plain JSON. Throws `VALIDATION_FAILED` for a malformed
 * bound or an empty period.
 */
export function reconcile(
  events: Iterable<Recorded>,
  registrant: Registrant,
  period: { from: string; to: string },
): Reconciliation {
  const from = parseBound(period.from, registrant.timeZone, 'from');
  const to = parseBound(period.to, registrant.timeZone, 'to');
  if (to.ms <= from.ms) throw invalid('to', 'to must lie after from.');
  const order = lineOrder(registrant);
  const periods = lotHistories(events, registrant.registrantId)
    .map((history) => lotPeriod(history, from.ms, to.ms))
    .filter(isActive)
    .sort((a, b) => order({ ...lotIdentity(a), locationId: '' }, { ...lotIdentity(b), locationId: '' }));
  const lines = periods.flatMap((p) => linesOf(p, registrant)).sort(order);
  const lots = periods.map(accountabilityOf);
  return {
    registrant: registrantHeader(registrant),
    period: { from: from.given, to: to.given, startsAt: from.instant, endsAt: to.instant },
    lines,
    lots,
    checks: reconciliationChecks(periods, lines),
    totals: totalsOf(lines, lots),
  };
}
