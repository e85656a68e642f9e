import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem } from './support/expect-problem';
import { addUser, setUpSite, type Site } from '../../../test/support/site';
import { ADMIN_PASSWORD, PASSWORD, TestLedger } from '../../../test/support/test-ledger';

/** Authentication and users (api-contract.md, section 1). */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_VIEW_KEYS = ['active', 'id', 'printedName', 'registrantIds', 'roles', 'username'];

let ledger: TestLedger;
let site: Site;
let serial = 0;
const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36)}${++serial}`;

const login = (username: unknown, password: unknown) =>
  request(ledger.server).post('/api/v1/auth/login').send({ username, password });

/** A UserView and nothing else: never a password, hash or scrypt parameter. */
function expectUserView(body: unknown, text: string, expected: Partial<Record<string, unknown>> = {}) {
  expect(Object.keys(body as object).sort()).toEqual(USER_VIEW_KEYS);
  expect(body).toEqual({
    id: expect.stringMatching(UUID),
    username: expect.any(String),
    printedName: expect.any(String),
    roles: expect.any(Array),
    registrantIds: expect.any(Array),
    active: expect.any(Boolean),
    ...expected,
  });
  expect(text).not.toMatch(/password/i);
  expect(text).not.toMatch(/scrypt/i);
}

function newUser(overrides: Record<string, unknown> = {}) {
  return {
    username: uniqueName('user.'),
    printedName: 'Uma User, PharmD',
    password: PASSWORD,
    roles: ['PHARMACIST'],
    registrantIds: [site.id],
    ...overrides,
  };
}

async function createUser(overrides: Record<string, unknown> = {}) {
  const body = newUser(overrides);
  const response = await ledger.post('/users', site.admin, body);
  expect(response.status).toBe(201);
  return { ...body, id: response.body.id as string };
}

const deactivate = (userId: string) => ledger.post(`/users/${userId}/deactivation`, site.admin, {});
const withoutCorrelation = ({ correlationId: _, ...rest }: Record<string, unknown>) => rest;

beforeAll(async () => {
  ledger = await TestLedger.start();
  await ledger.app.listen(0, '127.0.0.1');
  site = await setUpSite(ledger);
});
afterAll(() => ledger.close());

describe('POST /auth/login', () => {
  it('answers 200 with a bearer token, its lifetime and the UserView', async () => {
    const response = await login('pat.pharmacist', PASSWORD);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(response.body).sort()).toEqual(['accessToken', 'expiresIn', 'tokenType', 'user']);
    expect(response.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      user: {
        id: expect.stringMatching(UUID),
        username: 'pat.pharmacist',
        printedName: 'pat.pharmacist (printed)',
        roles: ['PHARMACIST'],
        registrantIds: [site.id],
        active: true,
      },
    });
    expectUserView(response.body.user, response.text);

    const claims = JSON.parse(Buffer.from(response.body.accessToken.split('.')[1], 'base64url').toString());
    expect(Number.isInteger(response.body.expiresIn) && response.body.expiresIn > 0).toBe(true);
    expect(claims.exp - claims.iat).toBe(response.body.expiresIn);
    expect(claims.sub).toBe(response.body.user.id);

    const me = await ledger.get('/users/me', response.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body).toEqual(response.body.user);
  });

  it('wrong password and unknown user get the same 401 INVALID_CREDENTIALS, apart from the correlation id', async () => {
    const user = await createUser();
    const wrongPassword = await login(user.username, 'not-the-right-password');
    const unknownUser = await login(uniqueName('nobody.'), 'not-the-right-password');
    expectProblem(wrongPassword, 401, 'INVALID_CREDENTIALS');
    expectProblem(unknownUser, 401, 'INVALID_CREDENTIALS');
    expect(withoutCorrelation(unknownUser.body)).toEqual(withoutCorrelation(wrongPassword.body));
    expect(unknownUser.headers['content-type']).toBe(wrongPassword.headers['content-type']);
    expect(unknownUser.headers['www-authenticate']).toBe(wrongPassword.headers['www-authenticate']);
    expect(wrongPassword.body.correlationId).not.toBe(unknownUser.body.correlationId);
  });

  it('an inactive user cannot log in, and gets the same answer as a wrong password', async () => {
    const user = await createUser();
    expect((await deactivate(user.id)).status).toBe(200);
    const inactive = await login(user.username, PASSWORD);
    expectProblem(inactive, 401, 'INVALID_CREDENTIALS');
    const wrong = await login(uniqueName('nobody.'), PASSWORD);
    expect(withoutCorrelation(inactive.body)).toEqual(withoutCorrelation(wrong.body));
  });

  describe('throttling per username', () => {
    it('after 5 failures the 6th attempt, even with the right password, is 429 RATE_LIMITED with Retry-After; other usernames still log in', async () => {
      const user = await createUser();
      for (let attempt = 1; attempt <= 5; attempt++) {
        expectProblem(await login(user.username, `wrong-password-${attempt}`), 401, 'INVALID_CREDENTIALS');
      }
      const limited = await login(user.username, PASSWORD);
      expectProblem(limited, 429, 'RATE_LIMITED');
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      const seconds = Number(limited.headers['retry-after']);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(15 * 60);
      expect(JSON.stringify(limited.body)).not.toContain('accessToken');

      expectProblem(await login(user.username, 'wrong-again'), 429, 'RATE_LIMITED');
      expect((await login('ivy.investigator', PASSWORD)).status).toBe(200);
      expect((await login('admin', ADMIN_PASSWORD)).status).toBe(200);
    });

    it('four failures then the right password still logs in (the limit is 5)', async () => {
      const user = await createUser();
      for (let attempt = 1; attempt <= 4; attempt++)
        expectProblem(await login(user.username, 'wrong-password'), 401, 'INVALID_CREDENTIALS');
      expect((await login(user.username, PASSWORD)).status).toBe(200);
    });

    it('an unknown username is throttled the same way, so 429 does not reveal which usernames exist', async () => {
      const nobody = uniqueName('ghost.');
      for (let attempt = 1; attempt <= 5; attempt++)
        expectProblem(await login(nobody, 'wrong-password'), 401, 'INVALID_CREDENTIALS');
      const limited = await login(nobody, 'wrong-password');
      expectProblem(limited, 429, 'RATE_LIMITED');
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    });

    it('successful logins are not limited', async () => {
      const user = await createUser();
      for (let attempt = 1; attempt <= 12; attempt++) expect((await login(user.username, PASSWORD)).status).toBe(200);
    });
  });

  test.each<[string, object]>([
    ['no password', { username: 'pat.pharmacist' }],
    ['a numeric password', { username: 'pat.pharmacist', password: 12345678901234 }],
    ['an extra field', { username: 'pat.pharmacist', password: PASSWORD, mfa: '000000' }],
  ])('a malformed login (%s) → 400 VALIDATION_FAILED', async (_, body) => {
    const response = await request(ledger.server).post('/api/v1/auth/login').send(body);
    expectProblem(response, 400, 'VALIDATION_FAILED');
  });

  it('needs no Idempotency-Key', async () => {
    const response = await request(ledger.server)
      .post('/api/v1/auth/login')
      .send({ username: 'cora.compliance', password: PASSWORD });
    expect(response.status).toBe(200);
  });
});

describe('GET /users/me', () => {
  test.each([
    ['admin', ['ADMIN'], []],
    ['pat.pharmacist', ['PHARMACIST'], ['site']],
    ['reg.inspector', ['REGULATOR'], ['site']],
  ] as const)('%s gets their own UserView', async (username, roles, registrants) => {
    const token = username === 'admin' ? site.admin : username === 'pat.pharmacist' ? site.pharmacist : site.regulator;
    const response = await ledger.get('/users/me', token);
    expect(response.status).toBe(200);
    expectUserView(response.body, response.text, {
      username,
      roles: [...roles],
      registrantIds: registrants.map(() => site.id),
      active: true,
    });
  });
});

describe('POST /users', () => {
  it('answers 201 with the UserView, and the user can log in', async () => {
    const body = newUser({ roles: ['INVESTIGATOR', 'COMPLIANCE_OFFICER'], printedName: 'Ida Investigator, MD' });
    const response = await ledger.post('/users', site.admin, body);
    expect(response.status).toBe(201);
    expectUserView(response.body, response.text, {
      username: body.username,
      printedName: 'Ida Investigator, MD',
      roles: ['INVESTIGATOR', 'COMPLIANCE_OFFICER'],
      registrantIds: [site.id],
      active: true,
    });
    const loggedIn = await login(body.username, PASSWORD);
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.body.user).toEqual(response.body);
  });

  it('the same request under the same key is replayed, not created twice', async () => {
    const body = newUser();
    const key = randomUUID();
    const first = await ledger.post('/users', site.admin, body, { 'Idempotency-Key': key });
    const again = await ledger.post('/users', site.admin, body, { 'Idempotency-Key': key });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expectUserView(again.body, again.text);
  });

  it('passwords stay out of request fingerprints: the same key with another password replays, and changes nothing', async () => {
    const body = newUser();
    const key = randomUUID();
    const first = await ledger.post('/users', site.admin, body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const other = await ledger.post(
      '/users',
      site.admin,
      { ...body, password: 'a-different-long-password' },
      { 'Idempotency-Key': key },
    );
    expect(other.status).toBe(201);
    expect(other.headers['idempotent-replayed']).toBe('true');
    expect(other.body).toEqual(first.body);
    expect((await login(body.username, body.password)).status).toBe(200);
    expectProblem(await login(body.username, 'a-different-long-password'), 401, 'INVALID_CREDENTIALS');
  });

  test.each(['ab', 'x'.repeat(65), 'Pat.Pharmacist', 'pat pharmacist', 'pat@site', 'päd.user', 'pat/pharm', ''])(
    'username %p → 400 VALIDATION_FAILED',
    async (username) => {
      const response = await ledger.post('/users', site.admin, newUser({ username }));
      expectProblem(response, 400, 'VALIDATION_FAILED', ['username']);
      if (username.length >= 1)
        expectProblem(
          await login(username, PASSWORD),
          username.length > 64 ? 400 : 401,
          username.length > 64 ? 'VALIDATION_FAILED' : 'INVALID_CREDENTIALS',
        );
    },
  );

  test.each(['abc', 'a'.repeat(64), 'a.b_c-9'])('username %p is accepted', async (base) => {
    const username = base.length === 64 ? `${uniqueName('u')}${'a'.repeat(64)}`.slice(0, 64) : base;
    const response = await ledger.post('/users', site.admin, newUser({ username }));
    expect(response.status).toBe(201);
    expect(response.body.username).toBe(username);
  });

  it('a password under 12 characters → 400 VALIDATION_FAILED; 12 is enough', async () => {
    const short = newUser({ password: 'elevenchars' });
    expectProblem(await ledger.post('/users', site.admin, short), 400, 'VALIDATION_FAILED', ['password']);
    const enough = newUser({ password: 'twelve-chars' });
    expect((await ledger.post('/users', site.admin, enough)).status).toBe(201);
    expect((await login(enough.username, 'twelve-chars')).status).toBe(200);
  });

  it('a username that is taken → 409 DUPLICATE, and the first user keeps their password', async () => {
    const user = await createUser();
    const again = await ledger.post(
      '/users',
      site.admin,
      newUser({ username: user.username, password: 'a-different-long-password' }),
    );
    expectProblem(again, 409, 'DUPLICATE');
    expect((await login(user.username, PASSWORD)).status).toBe(200);
    expectProblem(
      await ledger.post('/users', site.admin, newUser({ username: 'admin', roles: ['ADMIN'], registrantIds: [] })),
      409,
      'DUPLICATE',
    );
  });

  it('an unknown registrantId → 400 VALIDATION_FAILED, and no user is created', async () => {
    const body = newUser({ registrantIds: [site.id, randomUUID()] });
    expectProblem(await ledger.post('/users', site.admin, body), 400, 'VALIDATION_FAILED', ['registrantIds']);
    expectProblem(await login(body.username, PASSWORD), 401, 'INVALID_CREDENTIALS');
    expectProblem(
      await ledger.post('/users', site.admin, newUser({ registrantIds: ['not-a-uuid'] })),
      400,
      'VALIDATION_FAILED',
      ['registrantIds'],
    );
  });

  test.each<[string, unknown]>([
    ['no roles', []],
    ['an unknown role', ['SUPERUSER']],
  ])('%s → 400 VALIDATION_FAILED', async (_, roles) => {
    expectProblem(await ledger.post('/users', site.admin, newUser({ roles })), 400, 'VALIDATION_FAILED', ['roles']);
  });
});

describe('POST /users/{userId}/deactivation', () => {
  it('answers 200 with the UserView, active: false; the tokens stop working at once', async () => {
    const user = await createUser({ roles: ['INVESTIGATOR'] });
    const token = await ledger.login(user.username, PASSWORD);
    expect((await ledger.get('/users/me', token)).status).toBe(200);

    const response = await deactivate(user.id);
    expect(response.status).toBe(200);
    expectUserView(response.body, response.text, {
      id: user.id,
      username: user.username,
      printedName: user.printedName,
      roles: ['INVESTIGATOR'],
      registrantIds: [site.id],
      active: false,
    });
    expectProblem(await ledger.get('/users/me', token), 401, 'UNAUTHENTICATED');
  });

  it('deactivating twice is still 200 with active: false', async () => {
    const user = await createUser();
    const first = await deactivate(user.id);
    const second = await deactivate(user.id);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    expectUserView(second.body, second.text, { id: user.id, active: false });
  });

  test.each([
    ['an unknown user id', () => randomUUID()],
    ['a user id that is not a UUID', () => 'pat.pharmacist'],
  ])('%s → 404 NOT_FOUND', async (_, id) => {
    expectProblem(await deactivate(id()), 404, 'NOT_FOUND');
  });

  it('other users are unaffected', async () => {
    const keep = await addUser(ledger, site.admin, uniqueName('keep.'), ['PHARMACIST'], [site.id]);
    const gone = await createUser();
    await deactivate(gone.id);
    expect((await ledger.get('/users/me', keep)).body.active).toBe(true);
  });
});
