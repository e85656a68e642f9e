import type { DomainEvent } from '../shared/decider';
import type { Role } from '../shared/people';

export type UserRegistered = DomainEvent<
  'UserRegistered',
  { userId: string; username: string; printedName: string; roles: Role[]; registrantIds: string[] }
>;

/** The credential, kept apart from the public facts so that no view or export ever renders it. */
export type PasswordSet = DomainEvent<'PasswordSet', { passwordHash: string }>;

export type UserDeactivated = DomainEvent<'UserDeactivated', { userId: string }>;

export type UserEvent = UserRegistered | PasswordSet | UserDeactivated;
