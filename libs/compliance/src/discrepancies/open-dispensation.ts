import {
  evolveLot,
  initialLotState,
  outstanding,
  type Finding,
  type LotEvent,
  type LotState,
  type Recorded,
  type Registrant,
} from '@lib/ledger';
import type { LotHistory } from '../shared/lot-histories';
import { resolutionDeadline } from './deadlines';
import type { DiscrepancyPolicy } from './discrepancy-policy';
import { restsOn, units } from './finding-parts';

const HOUR_MS = 60 * 60 * 1000;

const dispensationOf = (event: Recorded<LotEvent>): string | null =>
  event.type === 'DoseDispensed' ||
  event.type === 'DoseAdministered' ||
  event.type === 'DoseReturned' ||
  event.type === 'DoseWasted'
    ? event.data.dispensationId
    : null;

/**
 * Every dispensation with units still outstanding (neither administered, returned nor wasted)
 * `openDispensationHours` after it was dispensed, by the physical times of the acts, once that
 * moment has come by `now`. What is closed out later does not undo the finding: the dose was out
 * too long either way, so the same events always give the same findings.
 */
export function openDispensations(
  history: LotHistory,
  registrant: Registrant,
  now: string,
  policy: DiscrepancyPolicy,
): Finding[] {
  const { lot } = history;
  const nowMs = Date.parse(now);
  const deadlineOf = (dispensedAt: string) => Date.parse(dispensedAt) + policy.openDispensationHours * HOUR_MS;
  const due = [...history.dispensations.values()]
    .map((info) => ({ info, at: deadlineOf(info.dispensedAt) }))
    .filter(({ at }) => at <= nowMs)
    .sort((a, b) => a.at - b.at);
  const acts = new Map<string, Recorded<LotEvent>[]>();
  const findings: Finding[] = [];
  let state: LotState = initialLotState();
  let next = 0;
  /** Judges, on the state so far, every dispensation whose time is up before `ms`. */
  const settleUntil = (ms: number) => {
    for (; next < due.length && due[next].at < ms; next += 1) {
      const { info, at } = due[next];
      const dispensation = state.status === 'received' ? state.dispensations[info.dispensationId] : undefined;
      const left = dispensation ? outstanding(dispensation) : 0;
      if (left <= 0) continue;
      const discoveredAt = new Date(at).toISOString();
      findings.push({
        rule: 'OPEN_DISPENSATION',
        subject: info.dispensationId,
        registrantId: registrant.registrantId,
        lotId: lot.lotId,
        locationId: info.locationId,
        severity: 'MEDIUM',
        summary:
          `Dose dispensed to ${info.participantId} (${info.protocolId} session ${info.session}) from lot ` +
          `${lot.lotNumber}: ${units(left)} still outstanding ${policy.openDispensationHours} hours after dispensing.`,
        figures: {
          lotNumber: lot.lotNumber,
          participantId: info.participantId,
          protocolId: info.protocolId,
          session: info.session,
          doseType: info.doseType,
          dispensedAt: info.dispensedAt,
          dispensed: info.quantity,
          outstanding: left,
          afterHours: policy.openDispensationHours,
        },
        discoveredAt,
        deadlines: [resolutionDeadline(discoveredAt, registrant.timeZone)],
        regulation: '21 CFR 312.62(a); ICH E6 4.6.3',
        ...restsOn(acts.get(info.dispensationId) ?? []),
      });
    }
  };
  history.events.forEach((event, i) => {
    settleUntil(history.times[i]);
    state = evolveLot(state, event);
    const dispensationId = dispensationOf(event);
    if (dispensationId === null) return;
    const list = acts.get(dispensationId) ?? [];
    list.push(event);
    acts.set(dispensationId, list);
  });
  settleUntil(Number.POSITIVE_INFINITY);
  return findings;
}
