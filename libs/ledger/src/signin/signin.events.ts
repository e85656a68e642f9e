import type { DomainEvent } from '../shared/decider';

/** Why a sign-in of an existing user was refused. An unknown username records nothing (see the decider). */
export const SIGN_IN_FAILURE_REASONS = ['WRONG_PASSWORD', 'INACTIVE'] as const;
export type SignInFailureReason = (typeof SIGN_IN_FAILURE_REASONS)[number];

/**
 * The sign-in facts of one user, in their own stream `signin-<userId>` (21 CFR 11.300(d), domain.md
 * 9.5): never the password given, never a hash. When it happened is in the envelope (`occurredAt`).
 */
export type SignedIn = DomainEvent<'SignedIn', { userId: string; username: string }>;

export type SignInFailed = DomainEvent<
  'SignInFailed',
  { userId: string; username: string; reason: SignInFailureReason }
>;

/** The failed attempt that reached the throttle's limit: further attempts wait until `until` (UTC). */
export type SignInLockedOut = DomainEvent<'SignInLockedOut', { userId: string; username: string; until: string }>;

export type SignInEvent = SignedIn | SignInFailed | SignInLockedOut;
