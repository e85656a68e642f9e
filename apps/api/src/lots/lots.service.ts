import { Inject, Injectable } from '@nestjs/common';
import { deterministicId, EVENT_STORE, verifyStream, type EventStore, type RecordedEvent } from '@lib/event-store';
import {
  actingRole,
  LedgerError,
  LOT_COMMAND_RULES,
  lotDecider,
  lotStream,
  toLotView,
  type CorrectionTarget,
  type Lot,
  type LotCommand,
  type User,
} from '@lib/ledger';
import { CommandExecutor } from '../common/command-executor';
import { toEventView } from '../common/event-view';
import type { LotTarget } from './lot-target';
import type { RequestContext } from '../common/request-context';
import { RegistrantsService } from '../registrants/registrants.service';
import { SigningService } from '../signing/signing.service';
import { Aggregates } from '../store/aggregates';
import type { LotCommandResponse, LotEventView, VerificationResponse } from './lot.responses';
import type { SignedRequest, WitnessDto } from './signed.dto';

type Signed = SignedRequest & { witnesses?: WitnessDto[] };
type LotCommandType = LotCommand['type'];
type DataOf<T extends LotCommandType> = Extract<LotCommand, { type: T }>['data'];

/** Strips what every command request carries, leaving the command's own data. */
export function commandData<T extends Signed>(request: T): Omit<T, 'signature' | 'occurredAt' | 'witnesses'> {
  const { signature: _s, occurredAt: _o, witnesses: _w, ...data } = request;
  return data;
}

@Injectable()
export class LotsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly aggregates: Aggregates,
    private readonly executor: CommandExecutor,
    private readonly registrants: RegistrantsService,
    private readonly signing: SigningService,
  ) {}

  /** New lots get an id derived from the idempotency key, so a retried receipt finds its lot. */
  newLotId(registrantId: string, context: RequestContext): string {
    return deterministicId('lot', registrantId, context.idempotency?.keyId ?? '');
  }

  newDispensationId(lotId: string, context: RequestContext): string {
    return deterministicId('dispensation', lotId, context.idempotency?.keyId ?? '');
  }

  newCorrectionId(lotId: string, context: RequestContext): string {
    return deterministicId('correction', lotId, context.idempotency?.keyId ?? '');
  }

  /** The event a correction names, looked up in the lot's own stream (the decider sees no event ids). */
  correctionTarget(target: LotTarget, eventId: string): Promise<CorrectionTarget | null> {
    return this.aggregates.find(lotStream(target.lotId), eventId);
  }

  /** Signs, decides and records one lot command; answers with the lot as it stands after it. */
  async execute<T extends LotCommandType>(
    type: T,
    target: LotTarget,
    request: Signed,
    data: DataOf<T>,
    context: RequestContext,
  ): Promise<LotCommandResponse> {
    const registrant = await this.registrants.ofMember(context.user, target.registrantId);
    const signed = await this.signing.context(context.user, request);
    const command = { type, data, context: signed, registrant } as LotCommand;
    const outcome = await this.executor.execute({
      streamId: lotStream(target.lotId),
      decider: lotDecider,
      decide: (state) => lotDecider.decide(command, state),
      registrantId: registrant.registrantId,
      actor: {
        userId: context.user.userId,
        printedName: context.user.printedName,
        role: actingRole(context.user, LOT_COMMAND_RULES[type].roles),
      },
      signers: this.signing.signers(signed),
      occurredAt: signed.occurredAt,
      now: signed.now,
      request: context,
      expectedRevision: target.expectedRevision,
    });
    if (outcome.state.status !== 'received') throw new LedgerError('NOT_FOUND', 'Lot not found.');
    return {
      eventIds: outcome.events.map((e) => e.eventId),
      revision: outcome.revision,
      lot: toLotView(outcome.state, outcome.revision),
    };
  }

  async view(target: LotTarget, user: User): Promise<LotCommandResponse['lot']> {
    const { lot, revision } = await this.read(target, user);
    return toLotView(lot, revision);
  }

  async events(target: LotTarget, user: User): Promise<LotEventView[]> {
    return (await this.history(target, user)).map(toEventView);
  }

  async verification(target: LotTarget, user: User): Promise<VerificationResponse> {
    return verifyStream(await this.history(target, user));
  }

  /** The lot, if it belongs to a registrant the user is a member of; 404 otherwise. */
  private async read({ registrantId, lotId }: LotTarget, user: User): Promise<{ lot: Lot; revision: number }> {
    await this.registrants.ofMember(user, registrantId);
    const { state, revision } = await this.aggregates.load(lotStream(lotId), lotDecider);
    if (state.status !== 'received' || state.registrantId !== registrantId) {
      throw new LedgerError('NOT_FOUND', 'Lot not found.');
    }
    return { lot: state, revision };
  }

  /** Every recorded event of the lot, read afresh from the store (never from a cached state). */
  private async history(target: LotTarget, user: User): Promise<RecordedEvent[]> {
    await this.read(target, user);
    return this.store.readStream(lotStream(target.lotId));
  }
}
