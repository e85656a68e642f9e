import type { SignInEvent } from './signin.events';

/** What a user's sign-in stream says, as far as deciding the next attempt needs. */
export interface SignInState {
  /** Whose stream this is; null before the first attempt. */
  userId: string | null;
  /** The end of the latest lockout recorded (UTC), or null. */
  lockedUntil: string | null;
}

export const initialSignInState = (): SignInState => ({ userId: null, lockedUntil: null });

export function evolveSignIn(state: SignInState, event: SignInEvent): SignInState {
  switch (event.type) {
    case 'SignedIn':
    case 'SignInFailed':
      return { ...state, userId: state.userId ?? event.data.userId };
    case 'SignInLockedOut':
      return { userId: state.userId ?? event.data.userId, lockedUntil: event.data.until };
    default:
      // A type this version does not know (recorded by a later one): the state stands.
      return state;
  }
}
