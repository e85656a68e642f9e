import { LedgerError } from './ledger-error';

export const ROLES = ['ADMIN', 'PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER', 'REGULATOR'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose holders may act on, and witness, a registrant's stock. */
export const CUSTODY_ROLES: readonly Role[] = ['PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER'];

/** A user as the server knows them, looked up before the decision. */
export interface Person {
  userId: string;
  printedName: string;
  roles: Role[];
  registrantIds: string[];
  active: boolean;
}

/** The acting user, and whether they re-entered their own password to sign (21 CFR 11.200). */
export interface Signer extends Person {
  passwordVerified: boolean;
}

/** A witness as presented: the username given, the person it names (if any), the password check. */
export interface WitnessCredential {
  username: string;
  person: Person | null;
  passwordVerified: boolean;
}

/** The role, among those allowed, under which the actor acts; FORBIDDEN when they hold none. */
export function actingRole(actor: Person, allowed: readonly Role[]): Role {
  const role = allowed.find((r) => actor.roles.includes(r));
  if (!role) throw new LedgerError('FORBIDDEN', `This requires one of the roles ${allowed.join(', ')}.`);
  return role;
}

/** The signer must have re-entered their own password correctly. */
export function assertSigned(actor: Signer): void {
  if (!actor.passwordVerified) {
    throw new LedgerError('SIGNATURE_INVALID', 'The signature password is not correct.');
  }
}

/**
 * Exactly `required` second persons, each a different, active member of the registrant holding a
 * custody role, who authenticated with their own password (21 CFR 1317.95, two-person custody).
 */
export function assertWitnessed(
  witnesses: readonly WitnessCredential[],
  required: number,
  actor: Person,
  registrantId: string,
): void {
  const refuse = (why: string): never => {
    throw new LedgerError('WITNESS_INVALID', why);
  };
  if (witnesses.length !== required) {
    refuse(required === 1 ? 'Exactly one witness is required.' : `Exactly ${required} witnesses are required.`);
  }
  const seen = new Set<string>([actor.userId]);
  for (const witness of witnesses) {
    const person = witness.person;
    if (!person || !witness.passwordVerified) refuse(`Witness "${witness.username}" could not be authenticated.`);
    else if (seen.has(person.userId))
      refuse('A witness must be a different person from the actor and other witnesses.');
    else if (!person.active) refuse(`Witness "${witness.username}" is not an active user.`);
    else if (!person.registrantIds.includes(registrantId))
      refuse(`Witness "${witness.username}" is not a member of this registrant.`);
    else if (!person.roles.some((r) => CUSTODY_ROLES.includes(r))) {
      refuse(`Witness "${witness.username}" holds no role that may witness custody.`);
    } else seen.add(person.userId);
  }
}
