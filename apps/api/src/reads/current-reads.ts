import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { mgOf } from '@lib/compliance';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { localDate, type Registrant, type User } from '@lib/ledger';
import { ReadModels, type DispensationRecord, type LotSummary } from '@lib/projections';
import { Clock } from '../common/clock';
import { ApiError } from '../common/problem';
import { RegistrantsService } from '../registrants/registrants.service';
import { REDIS } from './redis-connection';

/** `behind` is counted up to this many events. */
const LAG_CAP = 10_000;

export type ProjectionLag =
  | { status: 'up' | 'lagging'; checkpoint: string; behind: number }
  | { status: 'rebuilding'; checkpoint: null; behind: null };

export type LotStatus = 'active' | 'expired' | 'depleted';

export interface LotFilter {
  status?: LotStatus;
  locationId?: string;
  lotNumber?: string;
  cursor?: string;
  limit: number;
}

/** Reads served from the read models: as fresh as `readModelPosition`, the last event projected. */
@Injectable()
export class CurrentReads {
  private readonly readModels: ReadModels;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly registrants: RegistrantsService,
    private readonly clock: Clock,
  ) {
    this.readModels = new ReadModels(redis, config.redis.prefix);
  }

  async lots(registrantId: string, user: User, filter: LotFilter) {
    const registrant = await this.registrants.ofMember(user, registrantId);
    const [lots, position] = await this.read(() =>
      Promise.all([this.readModels.lotsOf(registrantId), this.readModels.checkpoint()]),
    );
    const today = localDate(this.clock.now(), registrant.timeZone);
    const matching = lots
      .map((lot) => ({ lot, status: statusOf(lot, today) }))
      .filter(
        ({ lot, status }) =>
          (!filter.status || status === filter.status) &&
          (!filter.locationId || (lot.onHand[filter.locationId] ?? 0) > 0) &&
          (!filter.lotNumber || lot.lotNumber === filter.lotNumber),
      );
    const start = filter.cursor ? matching.findIndex(({ lot }) => lot.lotId === filter.cursor) + 1 : 0;
    const page = matching.slice(start, start + filter.limit);
    return {
      items: page.map(({ lot, status }) => lotItem(lot, status)),
      nextCursor: start + filter.limit < matching.length ? page[page.length - 1].lot.lotId : null,
      readModelPosition: position?.toString() ?? null,
    };
  }

  async inventory(registrantId: string, user: User) {
    const registrant = await this.registrants.ofMember(user, registrantId);
    const [lots, position] = await this.read(() =>
      Promise.all([this.readModels.lotsOf(registrantId), this.readModels.checkpoint()]),
    );
    const stored = lots.flatMap((lot) =>
      Object.entries(lot.onHand).map(([locationId, units]) => ({
        ...lotLine(lot),
        locationId,
        locationName: locationName(registrant, locationId),
        units,
        mg: mgOf(units, lot.product.strengthUg),
      })),
    );
    const inCustody = lots
      .filter((lot) => lot.inCustody > 0)
      .map((lot) => ({
        ...lotLine(lot),
        openDispensations: lot.openDispensations,
        units: lot.inCustody,
        mg: mgOf(lot.inCustody, lot.product.strengthUg),
      }));
    const storedUnits = sum(stored.map((line) => line.units));
    const inCustodyUnits = sum(inCustody.map((line) => line.units));
    return {
      readModelPosition: position?.toString() ?? null,
      stored,
      inCustody,
      totals: { storedUnits, inCustodyUnits, onHandUnits: storedUnits + inCustodyUnits },
    };
  }

  async accountability(registrantId: string, participantId: string, user: User) {
    await this.registrants.ofMember(user, registrantId);
    const [dispensations, position] = await this.read(() =>
      Promise.all([
        this.readModels.participantDispensations(registrantId, participantId),
        this.readModels.checkpoint(),
      ]),
    );
    const sessions = [...new Set(dispensations.map((d) => d.session))].sort((a, b) => a - b);
    return {
      participantId,
      readModelPosition: position?.toString() ?? null,
      sessions: sessions.map((session) => ({
        session,
        dispensations: dispensations.filter((d) => d.session === session).map(dispensationLog),
      })),
      totals: Object.fromEntries(
        (['dispensed', 'administered', 'returned', 'wasted', 'outstanding'] as const).map((field) => [
          field,
          sum(dispensations.map((d) => d[field])),
        ]),
      ),
    };
  }

  /**
   * How far the read models trail the ledger: the events stored after their checkpoint (counted
   * up to LAG_CAP), or `rebuilding` while they hold none.
   */
  async lag(): Promise<ProjectionLag> {
    const checkpoint = await this.readModels.checkpoint();
    if (checkpoint === null) return { status: 'rebuilding', checkpoint: null, behind: null };
    const behind = (await this.store.readAll({ after: checkpoint, maxCount: LAG_CAP })).length;
    return { status: behind === 0 ? 'up' : 'lagging', checkpoint: checkpoint.toString(), behind };
  }

  /** Redis is not the system of record: when it cannot answer, say so rather than guess. */
  private async read<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch {
      throw new ApiError('STORE_UNAVAILABLE', 'The read models are unavailable; nothing was changed. Retry later.', {
        'Retry-After': '2',
      });
    }
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

const locationName = (registrant: Registrant, locationId: string) =>
  registrant.locations.find((l) => l.locationId === locationId)?.name ?? null;

function statusOf(lot: LotSummary, today: string): LotStatus {
  if (lot.totalOnHand === 0 && lot.inCustody === 0) return 'depleted';
  return lot.expiresOn < today ? 'expired' : 'active';
}

const lotLine = (lot: LotSummary) => ({
  lotId: lot.lotId,
  lotNumber: lot.lotNumber,
  substanceName: lot.product.substanceName,
  deaDrugCode: lot.product.deaDrugCode,
  schedule: lot.product.schedule,
  strengthMg: lot.product.strengthUg / 1000,
  expiresOn: lot.expiresOn,
});

const lotItem = (lot: LotSummary, status: LotStatus) => ({
  ...lotLine(lot),
  form: lot.product.form,
  status,
  receivedAt: lot.receivedAt,
  onHand: Object.entries(lot.onHand).map(([locationId, units]) => ({ locationId, units })),
  totalOnHand: lot.totalOnHand,
  inCustody: lot.inCustody,
  openDispensations: lot.openDispensations,
});

const dispensationLog = (d: DispensationRecord) => ({
  dispensationId: d.dispensationId,
  protocolId: d.protocolId,
  doseType: d.doseType,
  lotId: d.lotId,
  lotNumber: d.lotNumber,
  strengthMg: d.strengthUg / 1000,
  dispensed: d.dispensed,
  administered: d.administered,
  returned: d.returned,
  wasted: d.wasted,
  outstanding: d.outstanding,
  administeredMg: mgOf(d.administered, d.strengthUg),
  entries: d.entries.map((entry) => ({ ...entry, mg: mgOf(entry.units, d.strengthUg) })),
});
