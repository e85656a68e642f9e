import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { reconcile, type Reconciliation } from '@lib/compliance';
import { canonicalJson, deterministicId, EVENT_STORE, type EventStore, type LedgerMetadata } from '@lib/event-store';
import {
  actingRole,
  LedgerError,
  reconciliationDecider,
  reconciliationStream,
  RECONCILIATION_ROLES,
  type ReconciliationSigned,
} from '@lib/ledger';
import { PasswordHasher } from '../auth/passwords';
import { Clock } from '../common/clock';
import { CommandExecutor } from '../common/command-executor';
import type { RequestContext } from '../common/request-context';
import { RegistrantsService } from '../registrants/registrants.service';
import { RegistrantEvents } from './registrant-events';

export const figuresHash = (figures: Reconciliation) =>
  createHash('sha256').update(canonicalJson(figures)).digest('hex');

export interface SignedReconciliation {
  reconciliationId: string;
  from: string;
  to: string;
  figuresHash: string;
  figures: Reconciliation;
  signedBy: { printedName: string; meaning: string; signedAt: string };
  /** Whether the ledger, recomputed now, still gives the figures that were signed. */
  matchesLedgerNow: boolean;
}

/** Reconciliations are computed from the events themselves, and signed into the ledger. */
@Injectable()
export class ReconciliationsService {
  constructor(
    private readonly registrants: RegistrantsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly events: RegistrantEvents,
    private readonly executor: CommandExecutor,
    private readonly passwords: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async compute(registrantId: string, period: { from: string; to: string }, context: RequestContext) {
    const registrant = await this.registrants.ofMember(context.user, registrantId);
    return reconcile(await this.events.of(registrantId), registrant, period);
  }

  async sign(
    registrantId: string,
    period: { from: string; to: string },
    password: string,
    context: RequestContext,
  ): Promise<SignedReconciliation> {
    const figures = await this.compute(registrantId, period, context);
    const reconciliationId = deterministicId('reconciliation', registrantId, context.idempotency?.keyId ?? '');
    const { user } = context;
    const signer = { ...user, passwordVerified: await this.passwords.verify(password, user.passwordHash) };
    const now = this.clock.now();
    const data: ReconciliationSigned['data'] = {
      reconciliationId,
      registrantId,
      from: figures.period.startsAt,
      to: figures.period.endsAt,
      figuresHash: figuresHash(figures),
      figures,
    };
    await this.executor.execute({
      streamId: reconciliationStream(reconciliationId),
      decider: reconciliationDecider,
      decide: (state) => reconciliationDecider.decide({ type: 'SignReconciliation', data, signer, now }, state),
      registrantId,
      actor: { userId: user.userId, printedName: user.printedName, role: actingRole(user, RECONCILIATION_ROLES) },
      signers: [{ person: user, meaning: 'APPROVAL' }],
      occurredAt: now,
      now,
      request: context,
    });
    return this.get(registrantId, reconciliationId, context);
  }

  async get(registrantId: string, reconciliationId: string, context: RequestContext): Promise<SignedReconciliation> {
    const [event] = await this.store.readStream(reconciliationStream(reconciliationId), { maxCount: 1 });
    const data = event?.data as ReconciliationSigned['data'] | undefined;
    if (!data || data.registrantId !== registrantId) throw new LedgerError('NOT_FOUND', 'Reconciliation not found.');
    const recomputed = await this.compute(registrantId, { from: data.from, to: data.to }, context);
    const [signature] = (event.metadata as unknown as LedgerMetadata).signatures;
    return {
      reconciliationId,
      from: data.from,
      to: data.to,
      figuresHash: data.figuresHash,
      figures: data.figures as Reconciliation,
      signedBy: { printedName: signature.printedName, meaning: signature.meaning, signedAt: signature.signedAt },
      matchesLedgerNow: figuresHash(recomputed) === data.figuresHash,
    };
  }
}
