import { Injectable } from '@nestjs/common';
import { deterministicId } from '@lib/event-store';
import {
  LedgerError,
  registered,
  registrantDecider,
  registrantStream,
  type Registrant,
  type RegistrantEvent,
  type RegistrantState,
  type StorageLocation,
  type User,
} from '@lib/ledger';
import { CommandExecutor } from '../common/command-executor';
import type { RequestContext } from '../common/request-context';
import { Aggregates } from '../store/aggregates';
import type { AddLocationRequest, CreateRegistrantRequest, LocationView, RegistrantView } from './registrant.dto';

/** A DEA number always maps to the same registrant id, so the stream enforces uniqueness. */
export const registrantIdFor = (deaNumber: string) => deterministicId('registrant', deaNumber);

const toRegistrantView = (r: Registrant): RegistrantView => ({
  id: r.registrantId,
  name: r.name,
  deaNumber: r.deaNumber,
  activity: r.activity,
  schedules: r.schedules,
  address: r.address,
  registrationExpiresOn: r.registrationExpiresOn,
  timeZone: r.timeZone,
});

const toLocationView = ({ locationId, ...location }: StorageLocation): LocationView => ({
  id: locationId,
  ...location,
});

@Injectable()
export class RegistrantsService {
  constructor(
    private readonly aggregates: Aggregates,
    private readonly executor: CommandExecutor,
  ) {}

  /** The registrant, if `user` may see it (administrators see all, others their own); 404 otherwise. */
  async visibleTo(user: User, registrantId: string): Promise<Registrant> {
    const { state } = await this.aggregates.load(registrantStream(registrantId), registrantDecider);
    if (state.status !== 'registered' || !(user.roles.includes('ADMIN') || user.registrantIds.includes(registrantId))) {
      throw new LedgerError('NOT_FOUND', 'Registrant not found.');
    }
    return state;
  }

  /** The registrant, if `user` is one of its members (ledger records are members-only); 404 otherwise. */
  ofMember(user: User, registrantId: string): Promise<Registrant> {
    if (!user.registrantIds.includes(registrantId)) throw new LedgerError('NOT_FOUND', 'Registrant not found.');
    return this.visibleTo(user, registrantId);
  }

  async get(registrantId: string, user: User): Promise<RegistrantView> {
    return toRegistrantView(await this.visibleTo(user, registrantId));
  }

  async locations(registrantId: string, user: User): Promise<LocationView[]> {
    return (await this.visibleTo(user, registrantId)).locations.map(toLocationView);
  }

  async create(request: CreateRegistrantRequest, context: RequestContext): Promise<RegistrantView> {
    const registrantId = registrantIdFor(request.deaNumber);
    const { state } = await this.execute(registrantId, context, (s) =>
      registrantDecider.decide(
        { type: 'RegisterRegistrant', data: { registrantId, ...request }, actor: context.user },
        s,
      ),
    );
    return toRegistrantView(registered(state));
  }

  async addLocation(registrantId: string, request: AddLocationRequest, context: RequestContext): Promise<LocationView> {
    await this.visibleTo(context.user, registrantId);
    const locationId = deterministicId('location', registrantId, context.idempotency?.keyId ?? request.name);
    const { events } = await this.execute(registrantId, context, (s) =>
      registrantDecider.decide(
        { type: 'AddStorageLocation', data: { locationId, ...request }, actor: context.user },
        s,
      ),
    );
    return toLocationView(events[0].data as StorageLocation);
  }

  private execute(
    registrantId: string,
    context: RequestContext,
    decide: (state: RegistrantState) => RegistrantEvent[],
  ) {
    const run = { streamId: registrantStream(registrantId), decider: registrantDecider, decide, registrantId };
    return this.executor.administer(run, context);
  }
}
