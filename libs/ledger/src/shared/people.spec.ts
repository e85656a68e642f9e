import {
  ADMIN,
  COMPLIANCE_OFFICER,
  FORMER_PHARMACIST,
  INVESTIGATOR,
  OUTSIDER,
  PHARMACIST,
  REGISTRANT_ID,
  REGULATOR,
  signer,
  unknownWitness,
  witness,
  witnessWithWrongPassword,
} from '../testing/fixtures';
import { LedgerError } from './ledger-error';
import { actingRole, assertSigned, assertWitnessed, type Person, type WitnessCredential } from './people';

const outcome = (act: () => unknown): unknown => {
  try {
    return act();
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    return { code: error.code, message: error.message };
  }
};

const witnessed = (witnesses: WitnessCredential[], required = 1, actor: Person = PHARMACIST) =>
  outcome(() => assertWitnessed(witnesses, required, actor, REGISTRANT_ID) ?? 'witnessed');

describe('the role an actor acts under', () => {
  it('is the first allowed role they hold', () => {
    const both = { ...PHARMACIST, roles: ['INVESTIGATOR', 'PHARMACIST'] as const } as unknown as Person;
    expect([
      actingRole(PHARMACIST, ['PHARMACIST', 'INVESTIGATOR']),
      actingRole(both, ['PHARMACIST', 'INVESTIGATOR']),
      actingRole(COMPLIANCE_OFFICER, ['PHARMACIST', 'COMPLIANCE_OFFICER']),
    ]).toEqual(['PHARMACIST', 'PHARMACIST', 'COMPLIANCE_OFFICER']);
  });

  it('is refused when they hold none of the allowed roles (FORBIDDEN)', () => {
    expect(outcome(() => actingRole(REGULATOR, ['PHARMACIST', 'COMPLIANCE_OFFICER']))).toEqual({
      code: 'FORBIDDEN',
      message: 'This requires one of the roles PHARMACIST, COMPLIANCE_OFFICER.',
    });
  });
});

describe('the actor’s own signature', () => {
  it('is valid only when they re-entered their own password (SIGNATURE_INVALID otherwise)', () => {
    expect([
      outcome(() => assertSigned(signer(PHARMACIST)) ?? 'signed'),
      outcome(() => assertSigned(signer(PHARMACIST, false))),
    ]).toEqual(['signed', { code: 'SIGNATURE_INVALID', message: 'The signature password is not correct.' }]);
  });
});

describe('when one witness is required', () => {
  it.each([
    ['an investigator', INVESTIGATOR],
    ['a compliance officer', COMPLIANCE_OFFICER],
  ])('accepts %s who signed with their own password', (_who, who) => {
    expect(witnessed([witness(who)])).toBe('witnessed');
  });

  it.each<[string, WitnessCredential[], string]>([
    ['refuses a missing witness', [], 'Exactly one witness is required.'],
    [
      'refuses a witness with an unknown username',
      [unknownWitness('ghost.user')],
      'Witness "ghost.user" could not be authenticated.',
    ],
    [
      'scenario 27: refuses a witness who did not authenticate with their own password',
      [witnessWithWrongPassword(INVESTIGATOR)],
      'Witness "ines.marsh" could not be authenticated.',
    ],
    [
      'refuses the actor as witness',
      [witness(PHARMACIST)],
      'A witness must be a different person from the actor and other witnesses.',
    ],
    ['refuses an inactive witness', [witness(FORMER_PHARMACIST)], 'Witness "dan.reyes" is not an active user.'],
    [
      'refuses a witness who is not a member of the registrant',
      [witness(OUTSIDER)],
      'Witness "olga.north" is not a member of this registrant.',
    ],
    [
      'refuses a regulator, whose role may not witness',
      [witness(REGULATOR)],
      'Witness "rita.vance" holds no role that may witness custody.',
    ],
    [
      'refuses an administrator, whose role may not witness, even as a member',
      [witness({ ...ADMIN, registrantIds: [REGISTRANT_ID] })],
      'Witness "admin" holds no role that may witness custody.',
    ],
    [
      'refuses one witness too many',
      [witness(INVESTIGATOR), witness(COMPLIANCE_OFFICER)],
      'Exactly one witness is required.',
    ],
  ])('%s (WITNESS_INVALID)', (_case, witnesses, message) => {
    expect(witnessed(witnesses)).toEqual({ code: 'WITNESS_INVALID', message });
  });

  it('refuses the actor as witness even with the actor’s correct password', () => {
    expect(witnessed([witness(INVESTIGATOR)], 1, INVESTIGATOR)).toEqual({
      code: 'WITNESS_INVALID',
      message: 'A witness must be a different person from the actor and other witnesses.',
    });
  });
});

describe('when two witnesses are required', () => {
  it('accepts two different eligible people', () => {
    expect(witnessed([witness(INVESTIGATOR), witness(COMPLIANCE_OFFICER)], 2)).toBe('witnessed');
  });

  it('refuses two witnesses who are the same person (WITNESS_INVALID)', () => {
    expect(witnessed([witness(INVESTIGATOR), witness(INVESTIGATOR)], 2)).toEqual({
      code: 'WITNESS_INVALID',
      message: 'A witness must be a different person from the actor and other witnesses.',
    });
  });

  it('refuses a single witness (WITNESS_INVALID)', () => {
    expect(witnessed([witness(INVESTIGATOR)], 2)).toEqual({
      code: 'WITNESS_INVALID',
      message: 'Exactly 2 witnesses are required.',
    });
  });
});

describe('when no witness is required', () => {
  it('accepts an act with none', () => {
    expect(witnessed([], 0)).toBe('witnessed');
  });
});
