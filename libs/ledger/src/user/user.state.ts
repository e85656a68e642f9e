import type { Person } from '../shared/people';
import type { UserEvent } from './user.events';

export interface User extends Person {
  username: string;
  passwordHash: string;
}

export type UserState = { status: 'none' } | ({ status: 'registered' } & User);

export const initialUserState = (): UserState => ({ status: 'none' });

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return { status: 'registered', ...event.data, passwordHash: '', active: true };
    case 'PasswordSet':
      return state.status === 'registered' ? { ...state, passwordHash: event.data.passwordHash } : state;
    case 'UserDeactivated':
      return state.status === 'registered' ? { ...state, active: false } : state;
    default:
      // A type this version does not know (recorded by a later one): the state stands.
      return state;
  }
}
