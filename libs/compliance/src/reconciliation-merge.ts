import type { Registrant } from '@lib/ledger';
import type { Check, Reconciliation, ReconciliationChecks, ReconciliationTotals } from './reconciliation.types';
import { lineOrder } from './shared/registrant-header';

const mergeCheck = <F>(checks: Check<F>[]): Check<F> => ({
  ok: checks.every((c) => c.ok),
  checked: checks.reduce((sum, c) => sum + c.checked, 0),
  findings: checks.flatMap((c) => c.findings),
});

/**
 * The reconciliations of one registrant and period over disjoint sets of lots (each from
 * `reconcile`), as the one `reconcile` gives for all their events at once. Lets a registrant with
 * millions of events be reconciled lot by lot, holding one lot's history at a time. `parts` holds
 * at least one reconciliation (for no lots at all, `reconcile([], ...)`).
 */
export function mergeReconciliations(parts: Reconciliation[], registrant: Registrant): Reconciliation {
  const order = lineOrder(registrant);
  const firstLot = (part: Reconciliation) => part.lots[0];
  const ordered = parts
    .filter((part) => part.lots.length > 0)
    .sort((a, b) => order({ ...firstLot(a), locationId: '' }, { ...firstLot(b), locationId: '' }));
  const checks = Object.fromEntries(
    (Object.keys(parts[0].checks) as (keyof ReconciliationChecks)[]).map((name) => [
      name,
      mergeCheck(ordered.map((part) => part.checks[name] as Check<unknown>)),
    ]),
  ) as unknown as ReconciliationChecks;
  const totals = Object.fromEntries(
    (Object.keys(parts[0].totals) as (keyof ReconciliationTotals)[]).map((name) => [
      name,
      ordered.reduce((sum, part) => sum + part.totals[name], 0),
    ]),
  ) as unknown as ReconciliationTotals;
  return {
    registrant: parts[0].registrant,
    period: parts[0].period,
    lines: ordered.flatMap((part) => part.lines).sort(order),
    lots: ordered.flatMap((part) => part.lots),
    checks,
    totals,
  };
}
