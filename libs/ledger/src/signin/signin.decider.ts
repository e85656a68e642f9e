import type { Decider } from '../shared/decider';
import { invalid } from '../shared/ledger-error';
import type { SignInEvent, SignInFailed, SignInFailureReason } from './signin.events';
import { evolveSignIn, initialSignInState, type SignInState } from './signin.state';

/** The account a username names, as loaded before the decision (never its password hash). */
export interface SignInAccount {
  userId: string;
  username: string;
  active: boolean;
}

/**
 * One sign-in attempt for an existing account, after its password was checked. Time arrives as
 * data; so does the lockout, which the login throttle imposes (it is what answers 429).
 */
export type RecordSignInAttempt = {
  type: 'RecordSignInAttempt';
  account: SignInAccount;
  /** Whether the password given matches the account's hash. Never the password itself. */
  passwordVerified: boolean;
  /** When the attempt was made, UTC. */
  at: string;
  /** Set when this failed attempt reached the throttle's limit: when attempts are allowed again (UTC). */
  lockedOutUntil: string | null;
};
export type SignInCommand = RecordSignInAttempt;

/**
 * Why an attempt fails, or null when it signs the user in: the password must match and the account
 * be active. A wrong password is reported as such even for an inactive account, since whoever tried
 * did not prove who they are. The login endpoint answers from this, so the rule lives in one place.
 */
export function signInFailure(
  account: Pick<SignInAccount, 'active'>,
  passwordVerified: boolean,
): SignInFailureReason | null {
  if (!passwordVerified) return 'WRONG_PASSWORD';
  return account.active ? null : 'INACTIVE';
}

/**
 * Every sign-in attempt on an existing account is a fact of the audit trail (21 CFR 11.300(d)):
 * `SignedIn`, or `SignInFailed` with its reason, plus `SignInLockedOut` when the failure reached the
 * throttle's limit. What is deliberately not recorded here, and why:
 *
 * - Attempts with a username no account has: one event per attempt would let anyone grow the
 *   store without bound by posting random usernames. They are throttled like any other username
 *   and logged as structured warnings by the API instead.
 * - Attempts refused while a lockout is in force (429): they are not checked at all, and one event
 *   each would again be unbounded. The `SignInLockedOut` event records the lockout and its end.
 */
function recordAttempt(command: RecordSignInAttempt, state: SignInState): SignInEvent[] {
  const { account, passwordVerified, at, lockedOutUntil } = command;
  if (state.userId !== null && state.userId !== account.userId) {
    throw invalid('userId', `This sign-in stream belongs to user ${state.userId}.`);
  }
  const who = { userId: account.userId, username: account.username };
  const reason = signInFailure(account, passwordVerified);
  if (reason === null) {
    if (lockedOutUntil !== null) throw invalid('lockedOutUntil', 'A successful sign-in locks no one out.');
    return [{ type: 'SignedIn', data: who }];
  }
  const failed: SignInFailed = { type: 'SignInFailed', data: { ...who, reason } };
  if (lockedOutUntil === null) return [failed];
  const until = Date.parse(lockedOutUntil);
  if (!(until > Date.parse(at))) {
    throw invalid('lockedOutUntil', 'A lockout must end after the attempt that caused it.');
  }
  // A lockout already recorded that lasts as long (another process's throttle saw it first) is not recorded twice.
  if (state.lockedUntil !== null && Date.parse(state.lockedUntil) >= until) return [failed];
  return [failed, { type: 'SignInLockedOut', data: { ...who, until: new Date(until).toISOString() } }];
}

export function decideSignIn(command: SignInCommand, state: SignInState): SignInEvent[] {
  switch (command.type) {
    case 'RecordSignInAttempt':
      return recordAttempt(command, state);
  }
}

export const signInDecider: Decider<SignInCommand, SignInEvent, SignInState> = {
  initialState: initialSignInState,
  evolve: evolveSignIn,
  decide: decideSignIn,
};
