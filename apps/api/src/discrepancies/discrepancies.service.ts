import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type SignatureManifestation } from '@lib/event-store';
import {
  actingRole,
  CASE_ROLES,
  caseDecider,
  caseStream,
  evolveCase,
  fold,
  initialCaseState,
  LedgerError,
  lotStream,
  type Case,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type ResolveDiscrepancy,
  type User,
} from '@lib/ledger';
import { PasswordHasher } from '../auth/passwords';
import { Clock } from '../common/clock';
import { CommandExecutor } from '../common/command-executor';
import type { RequestContext } from '../common/request-context';
import { RegistrantsService } from '../registrants/registrants.service';
import { RegistrantEvents } from '../reports/registrant-events';
import { Aggregates } from '../store/aggregates';
import type { CasesQuery } from './case.dto';
import type { CaseDetail, CasePage } from './case.responses';
import { toEventView } from '../common/event-view';
import { byUrgency, hasStatus, toCaseView } from './case.view';

/** The case a request names: by its id, under the registrant in its path. */
export interface CaseTarget {
  registrantId: string;
  caseId: string;
}

type SignedCommand = Exclude<CaseCommand, { type: 'FlagDiscrepancy' | 'EscalateDeadline' }>;
type DataOf<T extends SignedCommand['type']> = Extract<SignedCommand, { type: T }>['data'];

/** A signed act on a case: what it says, the signature password, and when the act happened. */
export interface CaseAct<T extends SignedCommand['type']> {
  type: T;
  data: DataOf<T>;
  password: string;
  /** The physical act (a notice sent, a form filed); the recording time when omitted. */
  occurredAt?: string;
}

/** What each signature means (21 CFR 11.50(a)(3)). */
const MEANING: Record<SignedCommand['type'], SignatureManifestation['meaning']> = {
  AcknowledgeDiscrepancy: 'REVIEW',
  ResolveDiscrepancy: 'APPROVAL',
  RecordDeaNotice: 'RESPONSIBILITY',
  RecordForm106: 'RESPONSIBILITY',
};

/** A case of another registrant is no case under this one. */
const under = (registrantId: string, state: CaseState): CaseState =>
  state.status === 'flagged' && state.registrantId !== registrantId ? initialCaseState() : state;

/**
 * Discrepancy cases: each `case-<caseId>` stream folded with the case decider, read from the
 * store itself, and the signed acts of the registrant's people on them.
 */
@Injectable()
export class DiscrepanciesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly events: RegistrantEvents,
    private readonly aggregates: Aggregates,
    private readonly registrants: RegistrantsService,
    private readonly executor: CommandExecutor,
    private readonly passwords: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async list(registrantId: string, user: User, query: CasesQuery & { limit: number }): Promise<CasePage> {
    await this.registrants.ofMember(user, registrantId);
    const now = this.clock.now();
    const streams = new Map<string, CaseState>();
    for (const event of await this.events.of(registrantId, ['case'])) {
      streams.set(event.streamId, evolveCase(streams.get(event.streamId) ?? initialCaseState(), event as CaseEvent));
    }
    const matching = [...streams.values()]
      .filter((state): state is Case & { status: 'flagged' } => state.status === 'flagged')
      .filter((c) => !query.rule || c.rule === query.rule)
      .map((c) => toCaseView(c, now))
      .filter((view) => !query.status || hasStatus(view, query.status))
      .sort(byUrgency);
    const start = query.cursor ? matching.findIndex((view) => view.caseId === query.cursor) + 1 : 0;
    const page = matching.slice(start, start + query.limit);
    return {
      items: page,
      nextCursor: start + query.limit < matching.length ? page[page.length - 1].caseId : null,
    };
  }

  /** The case with every event of its stream, if it belongs to a registrant the user is a member of. */
  async get({ registrantId, caseId }: CaseTarget, user: User): Promise<CaseDetail> {
    await this.registrants.ofMember(user, registrantId);
    const history = await this.store.readStream(caseStream(caseId));
    const state = under(registrantId, fold(caseDecider, history as unknown as CaseEvent[]));
    if (state.status !== 'flagged') throw new LedgerError('NOT_FOUND', 'Case not found.');
    return { ...toCaseView(state, this.clock.now()), history: history.map(toEventView) };
  }

  /** Signs, decides and records one act on the case; answers with the case as it stands after it. */
  async act<T extends SignedCommand['type']>(
    target: CaseTarget,
    act: CaseAct<T>,
    context: RequestContext,
  ): Promise<CaseDetail> {
    const { user } = context;
    await this.registrants.ofMember(user, target.registrantId);
    const passwordVerified = await this.passwords.verify(act.password, user.passwordHash);
    const now = this.clock.now();
    const command = { type: act.type, data: act.data, signer: { ...user, passwordVerified }, now } as SignedCommand;
    await this.executor.execute({
      streamId: caseStream(target.caseId),
      decider: caseDecider,
      decide: (state) => caseDecider.decide(command, under(target.registrantId, state)),
      registrantId: target.registrantId,
      actor: { userId: user.userId, printedName: user.printedName, role: actingRole(user, CASE_ROLES[act.type]) },
      signers: [{ person: user, meaning: MEANING[act.type] }],
      occurredAt: act.occurredAt ?? now,
      now,
      request: context,
    });
    return this.get(target, user);
  }

  /**
   * The event a resolution names, looked up in the case's lot (in every lot of the registrant
   * for a case about none); null when none is named or no such event exists there.
   */
  async reference(
    target: CaseTarget,
    eventId: string | undefined,
    user: User,
  ): Promise<ResolveDiscrepancy['data']['reference']> {
    if (!eventId || !user.registrantIds.includes(target.registrantId)) return null;
    const { state } = await this.aggregates.load(caseStream(target.caseId), caseDecider);
    const c = under(target.registrantId, state);
    if (c.status !== 'flagged') return null;
    const candidates = c.lotId
      ? await this.store.readStream(lotStream(c.lotId))
      : await this.events.of(target.registrantId, ['lot']);
    const event = candidates.find((e) => e.eventId === eventId);
    return event ? { eventId, type: event.type, lotId: event.streamId.slice(event.streamId.indexOf('-') + 1) } : null;
  }
}
