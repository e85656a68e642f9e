import { ROLES, type Role, USERNAME_PATTERN } from '@lib/ledger';
import { ListOf, Text, UuidList } from '../common/fields';

export class CreateUserRequest {
  @Text({
    min: 3,
    max: 64,
    pattern: USERNAME_PATTERN,
    patternMessage: 'username must be 3–64 of a-z 0-9 . _ -',
    example: 'pat.pharmacist',
  })
  username!: string;

  @Text({
    max: 200,
    description: 'Printed on every signature manifestation (21 CFR 11.50).',
    example: 'Pat Pharmacist, PharmD',
  })
  printedName!: string;

  @Text({ min: 12, max: 1024, description: 'At least 12 characters.' })
  password!: string;

  @ListOf(ROLES, { min: 1 })
  roles!: Role[];

  @UuidList({ description: 'Registrants whose records this user may act on or read.' })
  registrantIds!: string[];
}

/** Deactivation takes an empty object. */
export class EmptyRequest {}
