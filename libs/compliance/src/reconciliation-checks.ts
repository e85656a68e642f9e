import { ORDER_FORM_SCHEDULES, type DoseWasted, type Recorded, type StockDestroyed } from '@lib/ledger';
import type { LotPeriod } from './lot-period';
import type {
  Check,
  DispensationFinding,
  ReceiptFinding,
  ReconciliationChecks,
  ReconciliationLine,
  UncountedFinding,
  WitnessFinding,
} from './reconciliation.types';
import { outstandingOf } from './shared/lot-book';
import { compareText } from './shared/registrant-header';
import { witnessing } from './shared/two-people';

const check = <Finding>(checked: number, findings: Finding[]): Check<Finding> => ({
  ok: findings.length === 0,
  checked,
  findings,
});

function dispensations(periods: LotPeriod[]): Check<DispensationFinding> {
  let checked = 0;
  const findings: DispensationFinding[] = [];
  for (const { history, closing, activeDispensations } of periods) {
    for (const dispensationId of activeDispensations) {
      checked += 1;
      const tally = closing.dispensations.get(dispensationId);
      const info = history.dispensations.get(dispensationId);
      if (!tally || !info) continue;
      const outstanding = outstandingOf(tally);
      if (outstanding === 0) continue;
      findings.push({
        status: outstanding > 0 ? 'OPEN' : 'OVER_CLOSED',
        dispensationId,
        lotId: history.lot.lotId,
        lotNumber: history.lot.lotNumber,
        participantId: info.participantId,
        protocolId: info.protocolId,
        session: info.session,
        doseType: info.doseType,
        dispensedAt: info.dispensedAt,
        ...tally,
        outstanding,
      });
    }
  }
  findings.sort(
    (a, b) => Date.parse(a.dispensedAt) - Date.parse(b.dispensedAt) || compareText(a.dispensationId, b.dispensationId),
  );
  return check(checked, findings);
}

function witnessed(periods: LotPeriod[], type: 'StockDestroyed' | 'DoseWasted'): Check<WitnessFinding> {
  let checked = 0;
  const findings: WitnessFinding[] = [];
  for (const { history, events } of periods) {
    for (const event of events) {
      if (event.type !== type) continue;
      checked += 1;
      const { actor, witnesses, gap } = witnessing(event.metadata);
      if (!gap) continue;
      const destroyed = type === 'StockDestroyed' ? (event as Recorded<StockDestroyed>).data : null;
      const wasted = type === 'DoseWasted' ? (event as Recorded<DoseWasted>).data : null;
      findings.push({
        eventId: event.eventId,
        type,
        lotId: history.lot.lotId,
        lotNumber: history.lot.lotNumber,
        locationId: destroyed?.locationId ?? null,
        dispensationId: wasted?.dispensationId ?? null,
        quantity: (destroyed ?? wasted)?.quantity ?? 0,
        occurredAt: event.metadata.occurredAt,
        actor,
        witnesses,
        gap,
      });
    }
  }
  return check(checked, findings);
}

function receiptsWithOrder(periods: LotPeriod[]): Check<ReceiptFinding> {
  let checked = 0;
  const findings: ReceiptFinding[] = [];
  for (const { history, events } of periods) {
    for (const event of events) {
      if (event.type !== 'LotReceived' || !ORDER_FORM_SCHEDULES.includes(event.data.product.schedule)) continue;
      checked += 1;
      const { order } = event.data;
      if (order && order.number.trim() !== '') continue;
      findings.push({
        eventId: event.eventId,
        lotId: history.lot.lotId,
        lotNumber: history.lot.lotNumber,
        schedule: event.data.product.schedule,
        quantity: event.data.quantity,
        occurredAt: event.metadata.occurredAt,
        supplier: { name: event.data.supplier.name, deaNumber: event.data.supplier.deaNumber },
        order: order ? { ...order } : null,
      });
    }
  }
  return check(checked, findings);
}

function stockCounted(lines: ReconciliationLine[]): Check<UncountedFinding> {
  const holding = lines.filter((line) => line.expectedClosing !== 0);
  return check(
    holding.length,
    holding
      .filter((line) => line.count === null)
      .map(({ lotId, lotNumber, locationId, locationName, expectedClosing }) => ({
        lotId,
        lotNumber,
        locationId,
        locationName,
        units: expectedClosing,
      })),
  );
}

/** The cross-checks of domain.md section 7 over the lots' periods and the reconciled lines. */
export function reconciliationChecks(periods: LotPeriod[], lines: ReconciliationLine[]): ReconciliationChecks {
  return {
    dispensations: dispensations(periods),
    destructionsWitnessed: witnessed(periods, 'StockDestroyed'),
    wastageWitnessed: witnessed(periods, 'DoseWasted'),
    receiptsWithOrder: receiptsWithOrder(periods),
    stockCounted: stockCounted(lines),
  };
}
