import { Injectable } from '@nestjs/common';
import { deterministicId } from '@lib/event-store';
import {
  actingRole,
  INVENTORY_ROLES,
  lotDecider,
  lotStream,
  registrantDecider,
  registrantStream,
  type LotCommand,
  type RecordInventory,
  type Registrant,
  type SignedContext,
} from '@lib/ledger';
import { CommandExecutor } from '../common/command-executor';
import type { RequestContext } from '../common/request-context';
import { RegistrantsService } from '../registrants/registrants.service';
import { SigningService } from '../signing/signing.service';
import { Aggregates } from '../store/aggregates';
import type { RecordCountRequest, RecordCountResponse } from './count.dto';

/**
 * A physical inventory touches several streams: each counted lot gets its own lines (with the book
 * quantity at that revision), then the registrant gets the inventory as a whole. Every lot is
 * checked before anything is written; a retry with the same Idempotency-Key completes an
 * interrupted count without duplicating any part of it.
 */
@Injectable()
export class CountsService {
  constructor(
    private readonly aggregates: Aggregates,
    private readonly executor: CommandExecutor,
    private readonly registrants: RegistrantsService,
    private readonly signing: SigningService,
  ) {}

  async record(
    registrantId: string,
    request: RecordCountRequest,
    context: RequestContext,
  ): Promise<RecordCountResponse> {
    const registrant = await this.registrants.ofMember(context.user, registrantId);
    const signed = await this.signing.context(context.user, request);
    const countId = deterministicId('count', registrantId, context.idempotency?.keyId ?? '');
    const { kind, businessTime, lines } = request;
    const inventory: RecordInventory = {
      type: 'RecordInventory',
      data: { countId, kind, businessTime, lines },
      context: signed,
    };
    const registrantState = (await this.aggregates.load(registrantStream(registrantId), registrantDecider)).state;
    registrantDecider.decide(inventory, registrantState);

    const byLot = new Map<string, LotCommand>();
    for (const lotId of new Set(lines.map((l) => l.lotId))) {
      byLot.set(lotId, this.lotLines(lotId, request, countId, signed, registrant));
    }
    for (const [lotId, command] of byLot) {
      const { state } = await this.aggregates.load(lotStream(lotId), lotDecider);
      lotDecider.decide(command, state);
    }

    const revisions = new Map<string, number>();
    for (const [lotId, command] of byLot) {
      const outcome = await this.run(
        lotStream(lotId),
        registrantId,
        signed,
        context,
        (s) => lotDecider.decide(command, s),
        lotDecider,
      );
      revisions.set(lotId, outcome.revision);
    }
    await this.run(
      registrantStream(registrantId),
      registrantId,
      signed,
      context,
      (s) => registrantDecider.decide(inventory, s),
      registrantDecider,
    );
    return {
      countId,
      lines: lines.map(({ lotId, locationId }) => ({ lotId, locationId, revision: revisions.get(lotId) as number })),
    };
  }

  private lotLines(
    lotId: string,
    request: RecordCountRequest,
    countId: string,
    signed: SignedContext,
    registrant: Registrant,
  ): LotCommand {
    return {
      type: 'RecordCountLines',
      data: {
        countId,
        kind: request.kind,
        businessTime: request.businessTime,
        lines: request.lines.filter((l) => l.lotId === lotId).map(({ locationId, units }) => ({ locationId, units })),
      },
      context: signed,
      registrant,
    };
  }

  private run<State, Event extends { type: string; data: unknown }>(
    streamId: string,
    registrantId: string,
    signed: SignedContext,
    context: RequestContext,
    decide: (state: State) => Event[],
    decider: { initialState: () => State; evolve: (state: State, event: Event) => State },
  ) {
    return this.executor.execute({
      streamId,
      decider,
      decide,
      registrantId,
      actor: {
        userId: context.user.userId,
        printedName: context.user.printedName,
        role: actingRole(context.user, INVENTORY_ROLES),
      },
      signers: this.signing.signers(signed),
      occurredAt: signed.occurredAt,
      now: signed.now,
      request: context,
    });
  }
}
