import { fold } from '../shared/decider';
import { spec } from '../testing/decider-spec';
import { NEW_USER_ID, NOW } from '../testing/fixtures';
import { signInDecider, signInFailure, type RecordSignInAttempt } from './signin.decider';
import type { SignInEvent } from './signin.events';
import { evolveSignIn, initialSignInState } from './signin.state';

const signIn = spec(signInDecider);

const noor = { userId: NEW_USER_ID, username: 'noor.haddad' };
const FIFTEEN_MINUTES_LATER = '2026-03-02T19:15:00.000Z';

function attempt(overrides: Partial<RecordSignInAttempt> = {}): RecordSignInAttempt {
  return {
    type: 'RecordSignInAttempt',
    account: { ...noor, active: true },
    passwordVerified: true,
    at: NOW,
    lockedOutUntil: null,
    ...overrides,
  };
}
const inactive = { account: { ...noor, active: false } };

const signedIn: SignInEvent = { type: 'SignedIn', data: noor };
const wrongPassword: SignInEvent = { type: 'SignInFailed', data: { ...noor, reason: 'WRONG_PASSWORD' } };
const inactiveAccount: SignInEvent = { type: 'SignInFailed', data: { ...noor, reason: 'INACTIVE' } };
const lockedOut = (until = FIFTEEN_MINUTES_LATER): SignInEvent => ({
  type: 'SignInLockedOut',
  data: { ...noor, until },
});

describe('an attempt on an active account', () => {
  it('with the right password records SignedIn: who, never a password or hash', () => {
    const state = signIn.given().when(attempt()).then([signedIn]);
    expect(state).toEqual({ userId: NEW_USER_ID, lockedUntil: null });
  });

  it('with a wrong password records SignInFailed (WRONG_PASSWORD)', () => {
    signIn
      .given(signedIn)
      .when(attempt({ passwordVerified: false }))
      .then([wrongPassword]);
  });

  it('signs in again after failures: each attempt is its own fact', () => {
    signIn.given(signedIn, wrongPassword, wrongPassword).when(attempt()).then([signedIn]);
  });
});

describe('an attempt on an inactive account', () => {
  it('with the right password records SignInFailed (INACTIVE)', () => {
    signIn.given(signedIn).when(attempt(inactive)).then([inactiveAccount]);
  });

  it('with a wrong password records WRONG_PASSWORD: whoever tried did not prove who they are', () => {
    signIn
      .given()
      .when(attempt({ ...inactive, passwordVerified: false }))
      .then([wrongPassword]);
  });
});

describe('the failure that reaches the throttle limit', () => {
  const fourFailures = [wrongPassword, wrongPassword, wrongPassword, wrongPassword];

  it('records the failure and then the lockout, until when attempts are allowed again', () => {
    const state = signIn
      .given(fourFailures)
      .when(attempt({ passwordVerified: false, lockedOutUntil: FIFTEEN_MINUTES_LATER }))
      .then([wrongPassword, lockedOut()]);
    expect(state.lockedUntil).toBe(FIFTEEN_MINUTES_LATER);
  });

  it('records a lockout reached by an inactive account’s attempts too', () => {
    signIn
      .given(fourFailures)
      .when(attempt({ ...inactive, lockedOutUntil: FIFTEEN_MINUTES_LATER }))
      .then([inactiveAccount, lockedOut()]);
  });

  it('records a lockout only once: a lockout already recorded that lasts as long is not repeated', () => {
    signIn
      .given(fourFailures, wrongPassword, lockedOut())
      .when(attempt({ passwordVerified: false, at: '2026-03-02T19:01:00.000Z', lockedOutUntil: FIFTEEN_MINUTES_LATER }))
      .then([wrongPassword]);
  });

  it('records a later lockout once the earlier one has passed', () => {
    const later = '2026-03-02T20:00:00.000Z';
    signIn
      .given(fourFailures, wrongPassword, lockedOut())
      .when(attempt({ passwordVerified: false, at: '2026-03-02T19:45:00.000Z', lockedOutUntil: later }))
      .then([wrongPassword, lockedOut(later)]);
  });

  it('refuses a lockout that ends before the attempt (VALIDATION_FAILED)', () => {
    signIn
      .given()
      .when(attempt({ passwordVerified: false, lockedOutUntil: NOW }))
      .thenThrows('VALIDATION_FAILED', 'end after');
  });

  it('refuses a lockout with a successful sign-in (VALIDATION_FAILED)', () => {
    signIn
      .given()
      .when(attempt({ lockedOutUntil: FIFTEEN_MINUTES_LATER }))
      .thenThrows('VALIDATION_FAILED', 'locks no one out');
  });
});

describe('the stream belongs to one user', () => {
  it('refuses an attempt on another account in it (VALIDATION_FAILED)', () => {
    signIn
      .given(signedIn)
      .when(attempt({ account: { userId: 'another-user', username: 'someone.else', active: true } }))
      .thenThrows('VALIDATION_FAILED', NEW_USER_ID);
  });
});

describe('the rule the login endpoint answers from', () => {
  it.each([
    [true, true, null],
    [true, false, 'WRONG_PASSWORD'],
    [false, true, 'INACTIVE'],
    [false, false, 'WRONG_PASSWORD'],
  ] as const)('active %p, password verified %p → %p', (active, passwordVerified, expected) => {
    expect(signInFailure({ active }, passwordVerified)).toBe(expected);
  });
});

describe('when the recorded history holds odd facts (evolve never throws)', () => {
  it('leaves the state as it is for an event type this version does not know', () => {
    const before = fold(signInDecider, [wrongPassword, lockedOut()]);
    const future = { type: 'SignInChallenged', data: { ...noor, factor: 'TOTP' } } as unknown as SignInEvent;
    expect(evolveSignIn(before, future)).toEqual(before);
    expect(fold(signInDecider, [])).toEqual(initialSignInState());
  });
});
