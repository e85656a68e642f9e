import type { Decider, DomainEvent } from '../shared/decider';
import { assertNotInFuture } from '../shared/entry-timing';
import { invalid, LedgerError } from '../shared/ledger-error';
import { actingRole, assertSigned, type Signer } from '../shared/people';

/**
 * A compliance officer's signature on the reconciliation of a period: the figures and their hash
 * become part of the ledger, so what was signed can be compared with what the events say later.
 */
export type ReconciliationSigned = DomainEvent<
  'ReconciliationSigned',
  {
    reconciliationId: string;
    registrantId: string;
    from: string;
    to: string;
    /** SHA-256 of the canonical JSON of `figures`. */
    figuresHash: string;
    figures: unknown;
  }
>;

export type ReconciliationEvent = ReconciliationSigned;

export type SignReconciliation = {
  type: 'SignReconciliation';
  data: ReconciliationSigned['data'];
  signer: Signer;
  /** Server time of the signature. */
  now: string;
};

export type ReconciliationState = { status: 'unsigned' } | { status: 'signed'; figuresHash: string };

export const RECONCILIATION_ROLES = ['COMPLIANCE_OFFICER'] as const;

export const reconciliationDecider: Decider<SignReconciliation, ReconciliationEvent, ReconciliationState> = {
  initialState: () => ({ status: 'unsigned' }),
  evolve: (_state, event) => ({ status: 'signed', figuresHash: event.data.figuresHash }),
  decide: (command, state) => {
    const { data, signer, now } = command;
    actingRole(signer, RECONCILIATION_ROLES);
    if (!signer.registrantIds.includes(data.registrantId)) throw new LedgerError('NOT_FOUND', 'Registrant not found.');
    assertSigned(signer);
    if (!(Date.parse(data.from) < Date.parse(data.to))) throw invalid('to', 'The period must end after it starts.');
    assertNotInFuture(data.to, now, 'to');
    if (state.status === 'signed') throw new LedgerError('DUPLICATE', 'This reconciliation is already signed.');
    return [{ type: 'ReconciliationSigned', data }];
  },
};
