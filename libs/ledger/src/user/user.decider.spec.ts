import { fold } from '../shared/decider';
import type { Role } from '../shared/people';
import { spec } from '../testing/decider-spec';
import {
  ADMIN,
  COMPLIANCE_OFFICER,
  deactivateUser,
  NEW_USER_ID,
  OTHER_REGISTRANT_ID,
  PHARMACIST,
  REGISTRANT_ID,
  registerUser,
  REGULATOR,
  userRegistered,
} from '../testing/fixtures';
import { registeredUser, userDecider } from './user.decider';
import type { UserEvent } from './user.events';
import { evolveUser, initialUserState } from './user.state';

const user = spec(userDecider);

const noorRegistered = userRegistered({
  userId: NEW_USER_ID,
  username: 'noor.haddad',
  printedName: 'Noor Haddad',
  roles: ['PHARMACIST'],
  registrantIds: [REGISTRANT_ID],
});
const noorsPassword: UserEvent = { type: 'PasswordSet', data: { passwordHash: '$argon2id$v=19$new-user' } };

describe('when the username is free', () => {
  it('registers a pharmacist of the registrant, the password hash in its own event', () => {
    const state = user.given().when(registerUser()).then([noorRegistered, noorsPassword]);
    expect(registeredUser(state)).toEqual({
      status: 'registered',
      ...noorRegistered.data,
      active: true,
      passwordHash: '$argon2id$v=19$new-user',
    });
    expect(JSON.stringify(noorRegistered)).not.toContain('argon2');
  });

  it('registers a regulator who may read two registrants', () => {
    const data = { roles: ['REGULATOR'] as Role[], registrantIds: [REGISTRANT_ID, OTHER_REGISTRANT_ID] };
    user
      .given()
      .when(registerUser(data))
      .then([userRegistered({ ...noorRegistered.data, ...data }), noorsPassword]);
  });

  it.each(['ab', 'Noor', 'noor haddad', 'n'.repeat(65), 'noör'])(
    'refuses the username %p (VALIDATION_FAILED)',
    (username) => {
      user.given().when(registerUser({ username })).thenThrows('VALIDATION_FAILED', 'username');
    },
  );

  it.each<[string, Role[]]>([
    ['no role', []],
    ['a role twice', ['PHARMACIST', 'PHARMACIST']],
    ['an unknown role', ['NURSE' as Role]],
    ['ADMIN with a custody role', ['ADMIN', 'PHARMACIST']],
    ['REGULATOR with a custody role', ['REGULATOR', 'COMPLIANCE_OFFICER']],
  ])('refuses %s (VALIDATION_FAILED)', (_why, roles) => {
    user.given().when(registerUser({ roles })).thenThrows('VALIDATION_FAILED', 'role');
  });

  it('lets one person hold two custody roles', () => {
    const roles: Role[] = ['PHARMACIST', 'INVESTIGATOR'];
    user
      .given()
      .when(registerUser({ roles }))
      .then([userRegistered({ ...noorRegistered.data, roles }), noorsPassword]);
  });

  it('refuses membership of a registrant that does not exist (VALIDATION_FAILED)', () => {
    user
      .given()
      .when(
        registerUser({ registrantIds: [REGISTRANT_ID, 'no-such-registrant'] }, { knownRegistrantIds: [REGISTRANT_ID] }),
      )
      .thenThrows('VALIDATION_FAILED', 'no-such-registrant');
  });

  it.each([
    ['a pharmacist', PHARMACIST],
    ['a compliance officer', COMPLIANCE_OFFICER],
    ['a regulator', REGULATOR],
  ])('refuses a user created by %s (FORBIDDEN)', (_who, actor) => {
    user.given().when(registerUser({}, { actor })).thenThrows('FORBIDDEN');
  });

  it('answers NOT_FOUND to deactivating a user who does not exist', () => {
    user.given().when(deactivateUser()).thenThrows('NOT_FOUND', 'User not found.');
  });
});

describe('when the user is registered and active', () => {
  const history = [noorRegistered, noorsPassword];

  it('refuses the same username again (DUPLICATE)', () => {
    user
      .given(history)
      .when(registerUser({ userId: 'another-id' }))
      .thenThrows('DUPLICATE', 'noor.haddad');
  });

  it('deactivates the user by recording the fact, never by removing the user', () => {
    const state = user
      .given(history)
      .when(deactivateUser())
      .then([{ type: 'UserDeactivated', data: { userId: NEW_USER_ID } }]);
    expect(registeredUser(state)).toMatchObject({ username: 'noor.haddad', active: false });
  });

  it('refuses deactivation by anyone but ADMIN (FORBIDDEN)', () => {
    user.given(history).when(deactivateUser(PHARMACIST)).thenThrows('FORBIDDEN');
  });
});

describe('when the user is already deactivated', () => {
  it('records nothing more on a second deactivation', () => {
    user
      .given(noorRegistered, noorsPassword, { type: 'UserDeactivated', data: { userId: NEW_USER_ID } })
      .when(deactivateUser())
      .then([]);
  });
});

describe('when the user is the administrator acting', () => {
  it('refuses to let an administrator deactivate themselves (VALIDATION_FAILED)', () => {
    const adminHistory = [
      userRegistered({
        userId: ADMIN.userId,
        username: 'admin',
        printedName: ADMIN.printedName,
        roles: ['ADMIN'],
        registrantIds: [],
      }),
    ];
    user.given(adminHistory).when(deactivateUser(ADMIN)).thenThrows('VALIDATION_FAILED', 'themselves');
  });
});

describe('when the recorded history holds odd facts (evolve never throws)', () => {
  it('ignores a password or a deactivation recorded before the user', () => {
    expect(fold(userDecider, [noorsPassword, { type: 'UserDeactivated', data: { userId: NEW_USER_ID } }])).toEqual(
      initialUserState(),
    );
  });

  it('leaves the state as it is for an event type this version does not know', () => {
    const before = fold(userDecider, [noorRegistered, noorsPassword]);
    const future = { type: 'RolesChanged', data: { roles: ['ADMIN'] } } as unknown as UserEvent;
    expect(evolveUser(before, future)).toEqual(before);
    expect(fold(userDecider, [noorRegistered, future, noorsPassword])).toEqual(before);
  });
});
