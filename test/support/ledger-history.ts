import { createHash } from 'node:crypto';
import {
  deterministicId,
  GENESIS_HASH,
  sealEvents,
  type EnvelopeActor,
  type EventStore,
  type NewEvent,
  type SignatureManifestation,
} from '@lib/event-store';
import {
  actingRole,
  decideLot,
  evolveLot,
  initialLotState,
  INVENTORY_ROLES,
  isLateEntry,
  localDate,
  LOT_COMMAND_RULES,
  lotStream,
  outstanding,
  registered,
  registrantDecider,
  registrantStream,
  unitsAt,
  userDecider,
  userStream,
  type DomainEvent,
  type DoseType,
  type Lot,
  type LotCommand,
  type LotState,
  type Person,
  type Product,
  type RegistrantCommand,
  type RegistrantState,
  type CorrectionTarget,
  type Role,
  type SignedContext,
} from '@lib/ledger';
import { SeededRandom } from './seeded-random';

/**
 * A deterministic, realistic ledger history for tests and benchmarks: research sites registered
 * with their locations and staff, then lots received against DEA Form 222 or CSOS orders and moved
 * to the clinic room, doses dispensed to participants session by session and administered,
 * returned or wasted, expired and damaged stock destroyed, breakage reported, blind counts, and
 * now and then a documentation error corrected by the compliance officer with an approver. Every
 * command goes through the ledger's own deciders, so every event is one the ledger would record;
 * events are sealed into each stream's hash chain with the envelope the API writes. The same
 * options always give the same events, byte for byte.
 */

export interface HistoryOptions {
  seed: number;
  /** How many events, exactly; at least `setupEvents(registrants)`. */
  events: number;
  /** Lots received over the history, shared among the registrants; more if their stock runs out. */
  lots: number;
  /** Research sites. Default 1. */
  registrants?: number;
}

/** An event ready to append: as the only append to `streamId` at `revision`. */
export interface HistoryEvent {
  streamId: string;
  revision: number;
  event: NewEvent;
}

export interface LedgerHistory {
  /** In the order they were recorded, which `appendHistory` keeps as the global order. */
  events: HistoryEvent[];
  registrantIds: string[];
  lotIds: string[];
}

/** Events recorded before the first lot: the administrator, then per site its registration, locations, staff and initial inventory. */
export const setupEvents = (registrants: number): number => 2 + 15 * registrants;

export function generateHistory(options: HistoryOptions): LedgerHistory {
  const registrants = options.registrants ?? 1;
  if (options.events < setupEvents(registrants)) {
    throw new RangeError(`${registrants} registrant(s) take ${setupEvents(registrants)} events to set up`);
  }
  return new HistoryGenerator({ ...options, registrants }).run();
}

/** Appends a history in its order, many appends per durable commit. */
export async function appendHistory(store: EventStore, events: readonly HistoryEvent[]): Promise<void> {
  const CHUNK = 2000;
  for (let start = 0; start < events.length; start += CHUNK) {
    await Promise.all(
      events
        .slice(start, start + CHUNK)
        .map(({ streamId, revision, event }) =>
          store.appendToStream(streamId, [event], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 }),
        ),
    );
  }
}

// ---------------------------------------------------------------------------------------------

type Member = Person & { username: string };
type Meaning = SignatureManifestation['meaning'];

interface Envelope {
  registrantId: string | null;
  actor: EnvelopeActor | null;
  signers: { person: Person; meaning: Meaning }[];
  occurredAt: string;
  /** The request the command came in, shared by every stream a command writes to. */
  request: string;
}

interface Dose {
  session: number;
  doseType: DoseType;
  units: number;
}

interface Participant {
  id: string;
  doses: Dose[];
}

interface Site {
  registrantId: string;
  timeZone: string;
  vault: string;
  clinic: string;
  pharmacists: Member[];
  investigators: Member[];
  complianceOfficer: Member;
  lotQuota: number;
  received: number;
  /** Lots received here that may still hold stock, oldest first. */
  active: string[];
  /** Dispensations with units outstanding. */
  open: { lotId: string; dispensationId: string }[];
  /** Count lines that came up one short, for a correction to explain. */
  shortfalls: { lotId: string; locationId: string }[];
  participants: Participant[];
  enrolled: number;
}

const START = Date.parse('2025-01-06T14:00:00.000Z');
const MINUTE = 60_000;
const LATE = 25 * 60 * MINUTE;
const REGISTRATION_EXPIRES_ON = '2030-12-31';
const SITES = [
  { name: 'Harbor Clinical Research Unit', city: 'Boston', state: 'MA', postalCode: '02115', tz: 'America/New_York' },
  { name: 'Lakeside Trauma Research Center', city: 'Chicago', state: 'IL', postalCode: '60601', tz: 'America/Chicago' },
  { name: 'Mesa Psychiatric Trials', city: 'Phoenix', state: 'AZ', postalCode: '85004', tz: 'America/Phoenix' },
  {
    name: 'Pacific PTSD Research Clinic',
    city: 'Oakland',
    state: 'CA',
    postalCode: '94612',
    tz: 'America/Los_Angeles',
  },
];
const STAFF: [Role, string, string][] = [
  ['PHARMACIST', 'pat.okafor', 'Pat Okafor, PharmD'],
  ['PHARMACIST', 'lee.tran', 'Lee Tran, PharmD'],
  ['INVESTIGATOR', 'ines.marsh', 'Dr. Ines Marsh'],
  ['INVESTIGATOR', 'omar.haddad', 'Dr. Omar Haddad'],
  ['COMPLIANCE_OFFICER', 'cora.benton', 'Cora Benton'],
];
const PRODUCTS: { code: string; product: Product }[] = [
  {
    code: 'MDM',
    product: {
      substanceName: 'MDMA HCl',
      deaDrugCode: '7405',
      schedule: 'I',
      form: 'CAPSULE',
      strengthUg: 20_000,
      unitsPerContainer: 10,
    },
  },
  {
    code: 'PSI',
    product: {
      substanceName: 'Psilocybin',
      deaDrugCode: '7437',
      schedule: 'I',
      form: 'CAPSULE',
      strengthUg: 25_000,
      unitsPerContainer: 1,
    },
  },
];
const SUPPLIER = {
  name: 'Sponsor Pharma Distribution',
  deaNumber: 'PM7654329',
  address: '1 Depot Way, Newark, NJ 07102',
};
const DESTRUCTION = 'Chemical digestion to a non-retrievable state';
/** Session by session: the initial dose, then (usually) a supplemental half dose, in capsules. */
const PROTOCOL: Dose[] = [
  { session: 1, doseType: 'INITIAL', units: 4 },
  { session: 1, doseType: 'SUPPLEMENTAL', units: 2 },
  { session: 2, doseType: 'INITIAL', units: 6 },
  { session: 2, doseType: 'SUPPLEMENTAL', units: 3 },
  { session: 3, doseType: 'INITIAL', units: 6 },
  { session: 3, doseType: 'SUPPLEMENTAL', units: 3 },
];

const iso = (ms: number) => new Date(ms).toISOString();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const personOf = ({ username: _username, ...person }: Member): Person => person;

function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A DEA number whose check digit is right: the last digit of (d1 + d3 + d5) + 2 × (d2 + d4 + d6). */
function deaNumber(random: SeededRandom): string {
  const d = Array.from({ length: 6 }, () => random.int(0, 9));
  const check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
  return `RS${d.join('')}${check}`;
}

class HistoryGenerator {
  private readonly random: SeededRandom;
  private readonly events: HistoryEvent[] = [];
  private readonly heads = new Map<string, { revision: number; hash: string; occurredAt: number }>();
  private readonly lots = new Map<string, LotState>();
  /** Per lot, its latest act a correction may name (not a count, not a correction). */
  private readonly lastActs = new Map<string, CorrectionTarget>();
  /** Per lot, its latest transfer not yet corrected. */
  private readonly transfers = new Map<string, { eventId: string; from: string; to: string }>();
  private readonly registrants = new Map<string, RegistrantState>();
  private readonly lotIds: string[] = [];
  private readonly admin: Member;
  private now = START;
  private requests = 0;
  private date = { at: 0, timeZone: '', today: '' };

  constructor(private readonly options: Required<HistoryOptions>) {
    this.random = new SeededRandom(options.seed);
    this.admin = this.registerUser('site.admin', 'Site Administrator', 'ADMIN', [], null);
  }

  run(): LedgerHistory {
    const { registrants, lots, events } = this.options;
    const sites = Array.from({ length: registrants }, (_, index) =>
      this.setUpSite(index, Math.floor(lots / registrants) + (index < lots % registrants ? 1 : 0)),
    );
    while (this.events.length < events) {
      this.now += this.random.int(60, 240) * 1000;
      this.step(this.random.pick(sites), events - this.events.length);
    }
    return { events: this.events, registrantIds: sites.map((s) => s.registrantId), lotIds: this.lotIds };
  }

  /**
   * One command: what a busy site does next. Doses in custody are closed out before long; a
   * receipt, always possible, is the last resort.
   */
  private step(site: Site, remaining: number): void {
    if (site.active.length === 0 || this.receiptDue(site)) return this.receive(site);
    const roll = this.random.next();
    const done =
      (site.open.length > 6 && this.closeOut(site)) ||
      (roll < 0.4 && this.dispense(site)) ||
      (roll < 0.75 && this.closeOut(site)) ||
      (roll < 0.87 && this.transfer(site)) ||
      (roll < 0.89 && this.count(site, remaining)) ||
      (roll < 0.9 && this.destroy(site)) ||
      (roll < 0.905 && this.reportBreakage(site)) ||
      (roll < 0.91 && this.correct(site)) ||
      this.dispense(site) ||
      this.closeOut(site) ||
      this.transfer(site);
    if (!done) this.receive(site);
  }

  // --- setting up ----------------------------------------------------------------------------

  private setUpSite(index: number, lotQuota: number): Site {
    const place = SITES[index % SITES.length];
    const dea = deaNumber(this.random);
    const registrantId = deterministicId('registrant', dea);
    this.registrantCommand(registrantId, {
      type: 'RegisterRegistrant',
      data: {
        registrantId,
        name: index < SITES.length ? place.name : `${place.name} ${index + 1}`,
        deaNumber: dea,
        activity: 'RESEARCHER',
        schedules: ['I'],
        address: {
          street: `${100 + index} Research Way`,
          city: place.city,
          state: place.state,
          postalCode: place.postalCode,
        },
        registrationExpiresOn: REGISTRATION_EXPIRES_ON,
        timeZone: place.tz,
      },
      actor: personOf(this.admin),
    });
    const location = (name: string, kind: 'VAULT' | 'CLINIC_ROOM' | 'SAFE') => {
      const locationId = deterministicId('location', registrantId, name);
      this.registrantCommand(registrantId, {
        type: 'AddStorageLocation',
        data: { locationId, name, kind, approvedSchedules: ['I'] },
        actor: personOf(this.admin),
      });
      return locationId;
    };
    const vault = location('Pharmacy vault', 'VAULT');
    const clinic = location('Dosing room lockbox', 'CLINIC_ROOM');
    location('Night safe', 'SAFE');
    const staff = STAFF.map(([role, username, name]) =>
      this.registerUser(`${username}.${index + 1}`, name, role, [registrantId], this.admin),
    );
    const site: Site = {
      registrantId,
      timeZone: place.tz,
      vault,
      clinic,
      pharmacists: staff.filter((s) => s.roles.includes('PHARMACIST')),
      investigators: staff.filter((s) => s.roles.includes('INVESTIGATOR')),
      complianceOfficer: staff.find((s) => s.roles.includes('COMPLIANCE_OFFICER'))!,
      lotQuota: Math.max(1, lotQuota),
      received: 0,
      active: [],
      open: [],
      shortfalls: [],
      participants: [],
      enrolled: 0,
    };
    this.inventory(site, 'INITIAL', []);
    return site;
  }

  private registerUser(username: string, printedName: string, role: Role, registrantIds: string[], by: Member | null) {
    const userId = deterministicId('user', username);
    const events = userDecider.decide(
      {
        type: 'RegisterUser',
        data: { userId, username, printedName, roles: [role], registrantIds, passwordHash: this.passwordHash(userId) },
        actor: by
          ? personOf(by)
          : { userId: 'system', printedName: 'System', roles: ['ADMIN'], registrantIds: [], active: true },
        knownRegistrantIds: registrantIds,
      },
      userDecider.initialState(),
    );
    this.record(userStream(userId), events, this.administered(null, by));
    return { userId, username, printedName, roles: [role], registrantIds, active: true };
  }

  /** Looks like a stored scrypt hash; no password matches it. */
  private passwordHash(userId: string): string {
    const bytes = Buffer.from(sha256(`${this.options.seed}:${userId}`), 'hex');
    return ['scrypt', 32768, 8, 1, bytes.subarray(0, 16).toString('base64'), bytes.toString('base64')].join('$');
  }

  private registrantCommand(registrantId: string, command: RegistrantCommand, request = this.request()): void {
    const state = this.registrants.get(registrantId) ?? registrantDecider.initialState();
    const events = registrantDecider.decide(command, state);
    this.registrants.set(registrantId, events.reduce(registrantDecider.evolve, state));
    const envelope =
      command.type === 'RecordInventory'
        ? this.signed(registrantId, command.context, INVENTORY_ROLES, request)
        : this.administered(registrantId, this.admin);
    this.record(registrantStream(registrantId), events, envelope);
  }

  // --- lots ----------------------------------------------------------------------------------

  /** Lots arrive at a steady pace over the history, the first one at once. */
  private receiptDue(site: Site): boolean {
    const progress = this.events.length / this.options.events;
    return site.received < Math.min(site.lotQuota, 1 + Math.floor(site.lotQuota * progress));
  }

  /** A lot of about what the site will use of it (dispensing takes about 1.5 units per event). */
  private receive(site: Site): void {
    const request = this.request();
    const lotId = deterministicId('lot', site.registrantId, request);
    const today = this.today(site);
    const { code, product } = this.random.pick(PRODUCTS);
    const expected = (1.6 * this.options.events * (0.8 + this.random.next() / 2)) / this.options.lots;
    const csos = this.random.chance(0.3);
    this.lotCommand(
      site,
      lotId,
      'ReceiveLot',
      this.random.pick(site.pharmacists),
      [],
      {
        lotId,
        lotNumber: `${code}-${today.slice(2, 4)}${String.fromCharCode(65 + this.random.int(0, 25))}-${this.lotIds.length + 1}`,
        expiresOn: addDays(today, this.random.chance(0.15) ? this.random.int(20, 90) : this.random.int(365, 900)),
        product,
        quantity: 10 * Math.round(Math.min(50_000, Math.max(100, expected)) / 10),
        locationId: site.vault,
        supplier: SUPPLIER,
        order: csos
          ? { form: 'CSOS', number: `${today.slice(2, 4)}X${String(this.random.int(0, 999_999)).padStart(6, '0')}` }
          : { form: 'DEA_222', number: String(this.random.int(100_000_000, 999_999_999)) },
        invoiceDate: this.random.chance(0.8) ? today : null,
      },
      request,
    );
    site.received += 1;
    this.lotIds.push(lotId);
    site.active.push(lotId);
  }

  private dispense(site: Site): boolean {
    const participant = this.participant(site);
    const dose = participant.doses[0];
    const lotId = this.usableLots(site)
      .slice(0, 3)
      .find((id) => unitsAt(this.lot(id), site.clinic) >= dose.units);
    if (!lotId) return false;
    const request = this.request();
    const dispensationId = deterministicId('dispensation', lotId, request);
    this.lotCommand(
      site,
      lotId,
      'DispenseDose',
      this.random.pick(site.pharmacists),
      [],
      {
        dispensationId,
        locationId: site.clinic,
        quantity: dose.units,
        participantId: participant.id,
        protocolId: 'MAPP-2',
        session: dose.session,
        doseType: dose.doseType,
      },
      request,
    );
    participant.doses.shift();
    if (participant.doses.length === 0) site.participants.splice(site.participants.indexOf(participant), 1);
    site.open.push({ lotId, dispensationId });
    return true;
  }

  /** A participant with a dose to come: usually one already enrolled, sometimes someone new. */
  private participant(site: Site): Participant {
    if (site.participants.length < 12 || this.random.chance(0.05)) {
      const doses = PROTOCOL.filter((dose) => dose.doseType === 'INITIAL' || this.random.chance(0.75));
      const completed = this.random.chance(0.9) ? doses : doses.slice(0, this.random.int(1, doses.length));
      site.participants.push({ id: `P-${String(++site.enrolled).padStart(4, '0')}`, doses: completed });
    }
    return this.random.pick(site.participants);
  }

  /** Administered, returned sealed (a supplement withheld) or wasted (vomited): all or part of what is outstanding. */
  private closeOut(site: Site): boolean {
    if (site.open.length === 0) return false;
    const index = this.random.int(0, site.open.length - 1);
    const { lotId, dispensationId } = site.open[index];
    const left = outstanding(this.lot(lotId).dispensations[dispensationId]);
    const roll = this.random.next();
    const investigator = this.random.pick(site.investigators);
    const witness = this.random.pick(site.pharmacists);
    if (roll < 0.78) {
      const quantity = left > 1 && this.random.chance(0.1) ? left - 1 : left;
      this.lotCommand(site, lotId, 'AdministerDose', investigator, [], { dispensationId, quantity });
    } else if (roll < 0.9) {
      const integrity = this.random.chance(0.8) ? 'SEALED' : 'OPENED';
      this.lotCommand(site, lotId, 'ReturnDose', investigator, [witness], {
        dispensationId,
        quantity: left,
        toLocationId: site.vault,
        integrity,
      });
    } else {
      const reason = this.random.pick(['VOMITED', 'DROPPED', 'PARTIAL_DOSE', 'CONTAMINATED'] as const);
      this.lotCommand(site, lotId, 'WasteDose', investigator, [witness], {
        dispensationId,
        quantity: this.random.int(1, left),
        reason,
        method: 'Rendered non-retrievable in a drug disposal container, witnessed',
      });
    }
    if (outstanding(this.lot(lotId).dispensations[dispensationId]) === 0) site.open.splice(index, 1);
    return true;
  }

  /** Stock to the dosing room from the vault, now and then some back. */
  private transfer(site: Site): boolean {
    const toClinic = this.random.chance(0.9);
    const [from, to] = toClinic ? [site.vault, site.clinic] : [site.clinic, site.vault];
    const lotId = this.usableLots(site)
      .slice(0, 3)
      .find((id) => unitsAt(this.lot(id), from) > 0);
    if (!lotId) return false;
    const quantity = Math.min(
      unitsAt(this.lot(lotId), from),
      toClinic ? this.random.int(20, 60) : this.random.int(1, 10),
    );
    const eventId = this.lotCommand(
      site,
      lotId,
      'TransferStock',
      this.random.pick(site.pharmacists),
      [this.random.pick(site.investigators)],
      {
        fromLocationId: from,
        toLocationId: to,
        quantity,
        reason: toClinic ? 'Restock for dosing sessions' : 'Surplus back to the vault',
      },
    );
    this.transfers.set(lotId, { eventId, from, to });
    return true;
  }

  /** An ad hoc blind count of a few lots: their own lines, then the inventory as a whole on the registrant. */
  private count(site: Site, remaining: number): boolean {
    const lotIds = site.active.filter((id) => total(this.lot(id)) > 0);
    if (lotIds.length === 0) return false;
    const chosen = [...new Set(Array.from({ length: this.random.int(1, 3) }, () => this.random.pick(lotIds)))];
    if (chosen.length + 1 > remaining) return false;
    const lines = chosen.flatMap((lotId) =>
      Object.entries(this.lot(lotId).onHand)
        .filter(([, units]) => units > 0)
        .map(([locationId, units]) => {
          const short = this.random.chance(0.02);
          if (short) site.shortfalls.push({ lotId, locationId });
          return { lotId, locationId, units: short ? units - 1 : units };
        }),
    );
    this.inventory(site, this.random.chance(0.8) ? 'AD_HOC' : 'PERIODIC', lines);
    return true;
  }

  private inventory(
    site: Site,
    kind: 'INITIAL' | 'AD_HOC' | 'PERIODIC',
    lines: { lotId: string; locationId: string; units: number }[],
  ): void {
    const request = this.request();
    const countId = deterministicId('count', site.registrantId, request);
    const businessTime = this.random.chance(0.5) ? 'OPENING' : 'CLOSE';
    const [officer, witness] = [site.complianceOfficer, this.random.pick(site.pharmacists)];
    const streams = [...new Set(lines.map((l) => lotStream(l.lotId))), registrantStream(site.registrantId)];
    const occurredAt = this.occurredAt(streams);
    for (const lotId of new Set(lines.map((l) => l.lotId))) {
      const lotLines = lines.filter((l) => l.lotId === lotId).map(({ locationId, units }) => ({ locationId, units }));
      this.lotCommand(
        site,
        lotId,
        'RecordCountLines',
        officer,
        [witness],
        { countId, kind, businessTime, lines: lotLines },
        request,
        occurredAt,
      );
    }
    this.registrantCommand(
      site.registrantId,
      {
        type: 'RecordInventory',
        data: { countId, kind, businessTime, lines },
        context: this.context(officer, [witness], occurredAt),
      },
      request,
    );
  }

  /** Expired stock destroyed in full; otherwise a few damaged capsules. Two people, DEA Form 41. */
  private destroy(site: Site): boolean {
    const today = this.today(site);
    const expired = site.active.find((id) => this.lot(id).expiresOn < today && total(this.lot(id)) > 0);
    const lotId = expired ?? site.active.find((id) => unitsAt(this.lot(id), site.vault) > 0);
    if (!lotId) return false;
    const [locationId, units] = Object.entries(this.lot(lotId).onHand).find(([, n]) => n > 0)!;
    this.lotCommand(site, lotId, 'DestroyStock', this.random.pick(site.pharmacists), [site.complianceOfficer], {
      locationId,
      quantity: expired ? units : this.random.int(1, Math.min(3, units)),
      method: DESTRUCTION,
    });
    if (total(this.lot(lotId)) === 0) site.active.splice(site.active.indexOf(lotId), 1);
    return true;
  }

  private reportBreakage(site: Site): boolean {
    const lotId = site.active.find((id) => unitsAt(this.lot(id), site.clinic) > 0);
    if (!lotId) return false;
    this.lotCommand(site, lotId, 'ReportLoss', site.complianceOfficer, [], {
      locationId: site.clinic,
      quantity: 1,
      kind: this.random.chance(0.7) ? 'BREAKAGE_UNRECOVERABLE' : 'LOSS',
      discoveredAt: iso(this.now),
      description: 'Capsule crushed in the dosing room; not recoverable',
    });
    return true;
  }

  /**
   * A documentation error, corrected by the compliance officer with a pharmacist approving: a
   * count that came up one short is explained by the lot's last entry, keyed one low; otherwise a
   * transfer entered one capsule high is put right. The original entries stay as they were.
   */
  private correct(site: Site): boolean {
    const [officer, approver] = [site.complianceOfficer, this.random.pick(site.pharmacists)];
    const request = this.request();
    const shortfall = site.shortfalls.shift();
    if (shortfall && unitsAt(this.lot(shortfall.lotId), shortfall.locationId) > 0) {
      const { lotId, locationId } = shortfall;
      this.lotCommand(
        site,
        lotId,
        'CorrectRecord',
        officer,
        [approver],
        {
          correctionId: deterministicId('correction', lotId, request),
          target: this.lastActs.get(lotId)!,
          reason: 'Count one short: one more capsule was used than this entry records.',
          adjustments: [{ locationId, units: -1 }],
        },
        request,
      );
      return true;
    }
    const lotId = site.active.find((id) => {
      const transfer = this.transfers.get(id);
      return transfer !== undefined && unitsAt(this.lot(id), transfer.to) > 0;
    });
    if (!lotId) return false;
    const { eventId, from, to } = this.transfers.get(lotId)!;
    this.transfers.delete(lotId);
    this.lotCommand(
      site,
      lotId,
      'CorrectRecord',
      officer,
      [approver],
      {
        correctionId: deterministicId('correction', lotId, request),
        target: { eventId, type: 'StockTransferred' },
        reason: 'Transfer entered one capsule high; that capsule never moved.',
        adjustments: [
          { locationId: to, units: -1 },
          { locationId: from, units: 1 },
        ],
      },
      request,
    );
    return true;
  }

  /** Active lots that have not expired, oldest first; drops those that ran out. */
  private usableLots(site: Site): string[] {
    const today = this.today(site);
    site.active = site.active.filter((id) => total(this.lot(id)) > 0);
    return site.active.filter((id) => this.lot(id).expiresOn >= today);
  }

  /** The site's calendar date now (cached: formatting dates in a time zone is slow). */
  private today(site: Site): string {
    if (this.date.at !== this.now || this.date.timeZone !== site.timeZone) {
      this.date = { at: this.now, timeZone: site.timeZone, today: localDate(iso(this.now), site.timeZone) };
    }
    return this.date.today;
  }

  private lot(lotId: string): Lot {
    const state = this.lots.get(lotId);
    if (state?.status !== 'received') throw new Error(`generator bug: lot ${lotId} not received`);
    return state;
  }

  // --- recording -----------------------------------------------------------------------------

  private lotCommand<T extends LotCommand['type']>(
    site: Site,
    lotId: string,
    type: T,
    actor: Member,
    witnesses: Member[],
    data: Extract<LotCommand, { type: T }>['data'],
    request = this.request(),
    occurredAt = this.occurredAt([lotStream(lotId)]),
  ): string {
    const registrant = registered(this.registrants.get(site.registrantId)!);
    const context = this.context(actor, witnesses, occurredAt);
    const state = this.lots.get(lotId) ?? initialLotState();
    const events = decideLot({ type, data, context, registrant } as LotCommand, state);
    this.lots.set(lotId, events.reduce(evolveLot, state));
    const [recorded] = this.record(
      lotStream(lotId),
      events,
      this.signed(site.registrantId, context, LOT_COMMAND_RULES[type].roles, request),
    );
    if (type !== 'RecordCountLines' && type !== 'CorrectRecord') {
      this.lastActs.set(lotId, { eventId: recorded.eventId, type: recorded.type });
    }
    return recorded.eventId;
  }

  private context(actor: Member, witnesses: Member[], occurredAt: string): SignedContext {
    return {
      now: iso(this.now),
      occurredAt,
      actor: { ...personOf(actor), passwordVerified: true },
      witnesses: witnesses.map((w) => ({ username: w.username, person: personOf(w), passwordVerified: true })),
    };
  }

  /** The envelope of a signed act: the actor's authorship, then each witness. */
  private signed(registrantId: string, context: SignedContext, roles: readonly Role[], request: string): Envelope {
    const { actor, witnesses } = context;
    return {
      registrantId,
      actor: { userId: actor.userId, printedName: actor.printedName, role: actingRole(actor, roles) },
      signers: [
        { person: actor, meaning: 'AUTHORSHIP' },
        ...witnesses.map((w) => ({ person: w.person!, meaning: 'WITNESS' as const })),
      ],
      occurredAt: context.occurredAt,
      request,
    };
  }

  /** An administrator's act: unsigned, effective when recorded; by the system itself when `by` is null. */
  private administered(registrantId: string | null, by: Member | null): Envelope {
    return {
      registrantId,
      actor: by && { userId: by.userId, printedName: by.printedName, role: 'ADMIN' },
      signers: [],
      occurredAt: iso(this.now),
      request: this.request(),
    };
  }

  /**
   * When the act happened: a few minutes before it is recorded, never before the last act on its
   * streams; now and then a late entry, a day or more after the act, when the streams allow it.
   */
  private occurredAt(streams: string[]): string {
    const last = Math.max(...streams.map((s) => this.heads.get(s)?.occurredAt ?? 0));
    if (last < this.now - LATE && this.random.chance(0.02)) return iso(this.now - LATE);
    return iso(Math.max(last, this.now - this.random.int(1, 15) * MINUTE));
  }

  private request(): string {
    return `history-${this.options.seed}-${++this.requests}`;
  }

  private record(streamId: string, events: DomainEvent[], envelope: Envelope): NewEvent[] {
    const head = this.heads.get(streamId) ?? { revision: -1, hash: GENESIS_HASH, occurredAt: 0 };
    const now = iso(this.now);
    const keyId = deterministicId('idempotency', envelope.actor?.userId ?? 'system', envelope.request);
    const metadata = {
      schemaVersion: 1,
      occurredAt: envelope.occurredAt,
      recordedAt: now,
      registrantId: envelope.registrantId,
      actor: envelope.actor,
      signatures: envelope.signers.map(({ person, meaning }) => ({
        userId: person.userId,
        printedName: person.printedName,
        meaning,
        signedAt: now,
      })),
      correlationId: deterministicId('correlation', envelope.request),
      causationId: null,
      idempotency: { keyId, requestHash: sha256(`${envelope.request}:${streamId}`) },
      late: isLateEntry(envelope.occurredAt, now),
    };
    const sealed = sealEvents(
      streamId,
      head.hash,
      events.map((event, index) => ({
        eventId: deterministicId(streamId, keyId, String(index)),
        type: event.type,
        data: event.data,
        metadata,
      })),
    );
    sealed.forEach((event, index) => this.events.push({ streamId, revision: head.revision + 1 + index, event }));
    this.heads.set(streamId, {
      revision: head.revision + sealed.length,
      hash: String(sealed[sealed.length - 1].metadata.hash),
      occurredAt: Math.max(head.occurredAt, Date.parse(envelope.occurredAt)),
    });
    return sealed;
  }
}

const total = (lot: Lot) => Object.values(lot.onHand).reduce((sum, units) => sum + units, 0);
