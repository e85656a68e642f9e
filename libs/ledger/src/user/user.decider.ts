import type { Decider } from '../shared/decider';
import { invalid, LedgerError } from '../shared/ledger-error';
import { actingRole, ROLES, type Person } from '../shared/people';
import type { UserEvent, UserRegistered } from './user.events';
import { evolveUser, initialUserState, type User, type UserState } from './user.state';

export type RegisterUser = {
  type: 'RegisterUser';
  data: UserRegistered['data'] & { passwordHash: string };
  actor: Person;
  /** Registrant ids among `data.registrantIds` that exist, looked up before the decision. */
  knownRegistrantIds: string[];
};
export type DeactivateUser = { type: 'DeactivateUser'; actor: Person };
export type UserCommand = RegisterUser | DeactivateUser;

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

export function registeredUser(state: UserState): User {
  if (state.status !== 'registered') throw new LedgerError('NOT_FOUND', 'User not found.');
  return state;
}

function register(command: RegisterUser, state: UserState): UserEvent[] {
  actingRole(command.actor, ['ADMIN']);
  const { passwordHash, ...user } = command.data;
  if (!USERNAME_PATTERN.test(user.username)) {
    throw invalid('username', 'username must be 3–64 characters of a-z, 0-9, ".", "_" or "-".');
  }
  if (user.roles.length === 0 || new Set(user.roles).size !== user.roles.length) {
    throw invalid('roles', 'roles must list each role once.');
  }
  if (!user.roles.every((r) => ROLES.includes(r))) throw invalid('roles', 'Unknown role.');
  // Separation of duties: administrators and regulators never hold a custody role as well.
  if ((user.roles.includes('ADMIN') || user.roles.includes('REGULATOR')) && user.roles.length > 1) {
    throw invalid('roles', 'ADMIN and REGULATOR cannot be combined with another role.');
  }
  const unknown = user.registrantIds.filter((id) => !command.knownRegistrantIds.includes(id));
  if (unknown.length > 0) throw invalid('registrantIds', `Unknown registrant ${unknown.join(', ')}.`);
  if (state.status !== 'none') throw new LedgerError('DUPLICATE', `Username "${user.username}" is taken.`);
  return [
    { type: 'UserRegistered', data: user },
    { type: 'PasswordSet', data: { passwordHash } },
  ];
}

function deactivate(command: DeactivateUser, state: UserState): UserEvent[] {
  actingRole(command.actor, ['ADMIN']);
  const user = registeredUser(state);
  if (user.userId === command.actor.userId) throw invalid('userId', 'Administrators cannot deactivate themselves.');
  return user.active ? [{ type: 'UserDeactivated', data: { userId: user.userId } }] : [];
}

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser':
      return register(command, state);
    case 'DeactivateUser':
      return deactivate(command, state);
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser,
};
