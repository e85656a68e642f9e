import type { Registrant } from '../registrant/registrant.state';
import { localDate } from './calendar';
import { assertNotInFuture } from './entry-timing';
import { LedgerError } from './ledger-error';
import { actingRole, assertSigned, assertWitnessed, type Role, type Signer, type WitnessCredential } from './people';

/** What every signed custody command carries besides its own data. */
export interface SignedContext {
  /** Server time of the decision (ISO 8601, UTC). */
  now: string;
  /** The physical act (ISO 8601, UTC). */
  occurredAt: string;
  actor: Signer;
  witnesses: WitnessCredential[];
}

export interface CustodyActRules {
  roles: readonly Role[];
  witnesses: number;
}

/**
 * The checks shared by every ledger command, in the order a refusal is reported: who may act,
 * the actor's signature, the witnesses, then time: not in the future and not after the
 * registration lapsed (in the registrant's own time zone).
 */
export function assertCustodyAct(context: SignedContext, rules: CustodyActRules, registrant: Registrant): void {
  actingRole(context.actor, rules.roles);
  if (!context.actor.registrantIds.includes(registrant.registrantId)) {
    throw new LedgerError('NOT_FOUND', 'Registrant not found.');
  }
  assertSigned(context.actor);
  assertWitnessed(context.witnesses, rules.witnesses, context.actor, registrant.registrantId);
  assertNotInFuture(context.occurredAt, context.now);
  if (localDate(context.occurredAt, registrant.timeZone) > registrant.registrationExpiresOn) {
    throw new LedgerError(
      'REGISTRATION_EXPIRED',
      `The DEA registration expired on ${registrant.registrationExpiresOn}; acts after that date cannot be recorded.`,
    );
  }
}
