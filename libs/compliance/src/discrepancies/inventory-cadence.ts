import {
  localDate,
  registrantStream,
  type Finding,
  type InventoryTaken,
  type Recorded,
  type RegistrantRegistered,
  type Registrant,
} from '@lib/ledger';
import { inPhysicalOrder } from '../shared/physical-order';
import { inventoryDeadline, resolutionDeadline } from './deadlines';
import { restsOn } from './finding-parts';
import { addDays, addYears, localMidnight } from '../shared/local-time';

/** The biennial inventory is announced this many days before it falls due. */
const DUE_NOTICE_DAYS = 30;

type Inventory = Recorded<InventoryTaken>;

const isRegistration = (event: Recorded): event is Recorded<RegistrantRegistered> =>
  event.type === 'RegistrantRegistered';
const isCycleInventory = (event: Recorded): event is Inventory =>
  event.type === 'InventoryTaken' && ['INITIAL', 'BIENNIAL'].includes((event as Inventory).data.kind);

/**
 * The inventory cycle of 21 CFR 1304.11 (scenario 30), from the registrant's own stream: an
 * initial inventory on the day of registration, then one within two years of the previous initial
 * or biennial one, announced 30 days before it falls due and flagged once overdue. Each finding
 * arises at a fixed moment of the registrant's calendar and stays once arisen, whatever is taken
 * later, so the same events always give the same findings.
 */
export function inventoryCadence(events: readonly Recorded[], registrant: Registrant, now: string): Finding[] {
  const { registrantId, timeZone } = registrant;
  const nowMs = Date.parse(now);
  const own = inPhysicalOrder(events.filter((e) => e.streamId === registrantStream(registrantId)));
  const arisen = (instant: string) => Date.parse(instant) <= nowMs;
  const takenBefore = (instant: string, inventory: Inventory | undefined) =>
    inventory !== undefined && Date.parse(inventory.metadata.occurredAt) < Date.parse(instant);
  const base = { registrantId, lotId: null, locationId: null };
  const findings: Finding[] = [];

  const registration = own.find(isRegistration);
  const inventories = own.filter(isCycleInventory);
  if (registration) {
    const registeredOn = localDate(registration.metadata.occurredAt, timeZone);
    const lateFrom = localMidnight(addDays(registeredOn, 1), timeZone);
    const initial = inventories.find((i) => i.data.kind === 'INITIAL');
    if (arisen(lateFrom) && !takenBefore(lateFrom, initial)) {
      findings.push({
        ...base,
        rule: 'INVENTORY_CADENCE',
        subject: 'initial',
        severity: 'HIGH',
        summary: `No initial inventory taken on the day of registration (${registeredOn}).`,
        figures: { registeredOn },
        discoveredAt: lateFrom,
        deadlines: [resolutionDeadline(lateFrom, timeZone)],
        regulation: '21 CFR 1304.11(b)',
        ...restsOn([registration]),
      });
    }
  }

  inventories.forEach((inventory, i) => {
    if (!arisen(inventory.metadata.occurredAt)) return;
    const next = inventories[i + 1];
    const takenOn = localDate(inventory.metadata.occurredAt, timeZone);
    const dueOn = addYears(takenOn, 2);
    const figures = { lastInventoryOn: takenOn, lastInventoryKind: inventory.data.kind, dueOn };
    const parts = { ...base, rule: 'INVENTORY_CADENCE' as const, figures, regulation: '21 CFR 1304.11(c)' };
    const dueFrom = localMidnight(addDays(dueOn, -DUE_NOTICE_DAYS), timeZone);
    if (arisen(dueFrom) && !takenBefore(dueFrom, next)) {
      findings.push({
        ...parts,
        subject: `biennial-due-${dueOn}`,
        severity: 'LOW',
        summary: `Biennial inventory due by ${dueOn} (the previous one was taken on ${takenOn}).`,
        discoveredAt: dueFrom,
        deadlines: [inventoryDeadline(dueOn, timeZone)],
        ...restsOn([inventory]),
      });
    }
    const overdueFrom = localMidnight(addDays(dueOn, 1), timeZone);
    if (arisen(overdueFrom) && !takenBefore(overdueFrom, next)) {
      findings.push({
        ...parts,
        subject: `biennial-overdue-${dueOn}`,
        severity: 'HIGH',
        summary: `Biennial inventory overdue: due by ${dueOn}, two years after the one taken on ${takenOn}.`,
        discoveredAt: overdueFrom,
        deadlines: [resolutionDeadline(overdueFrom, timeZone)],
        ...restsOn([inventory]),
      });
    }
  });
  return findings;
}
