import request from 'supertest';
import { JsonLogger } from '@lib/config';
import { EVENT_STORE, verifyStream, type EventStore, type RecordedEvent } from '@lib/event-store';
import { signInStream, userStream } from '@lib/ledger';
import { expectProblem } from '../support/expect-problem';
import { userIdFor } from '../../src/users/users.service';
import { setUpSite, type Site } from '../../../../test/support/site';
import { readAllEvents } from '../../../../test/support/read-model-snapshot';
import { PASSWORD, TestLedger } from '../../../../test/support/test-ledger';

/**
 * Sign-ins, failed sign-ins and lockouts are part of the audit trail (21 CFR 11.300(d), domain.md
 * 9.5): each attempt on an existing account is an event of the user's `signin-<userId>` stream.
 */

const WINDOW_MS = 15 * 60 * 1000;
const WRONG = ['wrong-password-one', 'wrong-password-two', 'wrong-password-3', 'wrong-password-4', 'wrong-password-5'];

let ledger: TestLedger;
let site: Site;
let store: EventStore;
let serial = 0;
const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36)}${++serial}`;

const login = (username: string, password: string) =>
  request(ledger.server).post('/api/v1/auth/login').send({ username, password });

async function createUser(roles = ['PHARMACIST']) {
  const username = uniqueName('audit.');
  const printedName = `${username} (printed)`;
  const response = await ledger.post('/users', site.admin, {
    username,
    printedName,
    password: PASSWORD,
    roles,
    registrantIds: [site.id],
  });
  expect(response.status).toBe(201);
  return { userId: response.body.id as string, username, printedName };
}

const signIns = (userId: string) => store.readStream(signInStream(userId));

/** Type and data of each event: what the audit-trail export reads. */
const facts = (events: RecordedEvent[]) => events.map(({ type, data }) => ({ type, data }));

const envelope = (event: RecordedEvent) => event.metadata as Record<string, unknown>;

/** No password given, not the user's stored hash, no key naming a password anywhere in what was recorded. */
async function expectNoPasswordMaterial(events: RecordedEvent[], userId: string) {
  const passwordSet = (await store.readStream(userStream(userId))).find((e) => e.type === 'PasswordSet');
  const storedHash = (passwordSet?.data as { passwordHash: string }).passwordHash;
  expect(storedHash).toEqual(expect.any(String));
  const text = JSON.stringify(events, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
  for (const secret of [PASSWORD, ...WRONG, storedHash]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/"[^"]*(password|secret|hash)[^"]*":"(?![0-9a-f]{64}")/i);
  expect(text).not.toMatch(/scrypt/i);
}

beforeAll(async () => {
  ledger = await TestLedger.start();
  site = await setUpSite(ledger);
  store = ledger.app.get<EventStore>(EVENT_STORE);
});
afterAll(() => ledger.close());

describe('the sign-in audit trail', () => {
  it('a successful login and two wrong passwords: SignedIn by the user, then two SignInFailed with no actor', async () => {
    const user = await createUser(['INVESTIGATOR', 'COMPLIANCE_OFFICER']);
    const who = { userId: user.userId, username: user.username };

    expect((await login(user.username, PASSWORD)).status).toBe(200);
    expectProblem(await login(user.username, WRONG[0]), 401, 'INVALID_CREDENTIALS');
    expectProblem(await login(user.username, WRONG[1]), 401, 'INVALID_CREDENTIALS');

    const events = await signIns(user.userId);
    expect(facts(events)).toEqual([
      { type: 'SignedIn', data: who },
      { type: 'SignInFailed', data: { ...who, reason: 'WRONG_PASSWORD' } },
      { type: 'SignInFailed', data: { ...who, reason: 'WRONG_PASSWORD' } },
    ]);
    expect(envelope(events[0])).toMatchObject({
      actor: { userId: user.userId, printedName: user.printedName, role: 'INVESTIGATOR' },
      registrantId: null,
      signatures: [],
    });
    for (const failed of events.slice(1)) expect(envelope(failed)).toMatchObject({ actor: null, registrantId: null });
    for (const event of events) {
      const { occurredAt, recordedAt } = envelope(event);
      expect(occurredAt).toBe(recordedAt);
      expect(Math.abs(Date.now() - Date.parse(String(recordedAt)))).toBeLessThan(60_000);
    }
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
    await expectNoPasswordMaterial(events, user.userId);
    // Apart from the user's own stream: logging in never touches user administration.
    expect((await store.readStream(userStream(user.userId))).map((e) => e.type)).toEqual([
      'UserRegistered',
      'PasswordSet',
    ]);
  });

  it('an inactive user with the right password: SignInFailed (INACTIVE)', async () => {
    const user = await createUser();
    expect((await ledger.post(`/users/${user.userId}/deactivation`, site.admin, {})).status).toBe(200);

    expectProblem(await login(user.username, PASSWORD), 401, 'INVALID_CREDENTIALS');

    const events = await signIns(user.userId);
    expect(facts(events)).toEqual([
      { type: 'SignInFailed', data: { userId: user.userId, username: user.username, reason: 'INACTIVE' } },
    ]);
    expect(envelope(events[0])).toMatchObject({ actor: null, registrantId: null });
    await expectNoPasswordMaterial(events, user.userId);
  });

  it('the fifth failure within 15 minutes also records the lockout, until when attempts wait; refused attempts record nothing', async () => {
    const user = await createUser();
    const who = { userId: user.userId, username: user.username };
    for (const password of WRONG) expectProblem(await login(user.username, password), 401, 'INVALID_CREDENTIALS');
    const limited = await login(user.username, PASSWORD);
    expectProblem(limited, 429, 'RATE_LIMITED');
    expectProblem(await login(user.username, 'wrong-again-while-locked'), 429, 'RATE_LIMITED');

    const events = await signIns(user.userId);
    const failed = { type: 'SignInFailed', data: { ...who, reason: 'WRONG_PASSWORD' } };
    expect(facts(events)).toEqual([
      failed,
      failed,
      failed,
      failed,
      failed,
      { type: 'SignInLockedOut', data: { ...who, until: expect.any(String) } },
    ]);
    const lockout = events[5];
    const until = Date.parse((lockout.data as { until: string }).until);
    // Counted from the first failure of the window, as the throttle counts.
    expect(until).toBe(Date.parse(String(envelope(events[0]).occurredAt)) + WINDOW_MS);
    expect(new Date(until).toISOString()).toBe((lockout.data as { until: string }).until);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Math.abs(until - Date.now() - retryAfter * 1000)).toBeLessThan(5_000);
    expect(envelope(lockout)).toMatchObject({ actor: null, registrantId: null });
    // Recorded with the failure that caused it, by one command.
    expect(envelope(lockout).correlationId).toBe(envelope(events[4]).correlationId);
    await expectNoPasswordMaterial(events, user.userId);
  });

  it('an unknown username writes nothing, even when it is locked out, and is logged as a structured warning', async () => {
    const nobody = uniqueName('ghost.');
    const before = await readAllEvents(store);
    const write = jest.spyOn(ledger.app.get(JsonLogger), 'write');
    try {
      for (let attempt = 1; attempt <= 5; attempt++) {
        expectProblem(await login(nobody, `wrong-password-${attempt}`), 401, 'INVALID_CREDENTIALS');
      }
      expectProblem(await login(nobody, 'wrong-password'), 429, 'RATE_LIMITED');

      expect(await readAllEvents(store)).toHaveLength(before.length);
      expect(await store.readStream(signInStream(userIdFor(nobody)))).toEqual([]);
      const warnings = write.mock.calls.filter(([level, , fields]) => level === 'warn' && fields?.username === nobody);
      expect(warnings).toHaveLength(5);
      expect(warnings[0][2]).toEqual({ username: nobody, correlationId: expect.any(String), lockedOutUntil: null });
      expect(warnings[4][2]).toEqual({
        username: nobody,
        correlationId: expect.any(String),
        lockedOutUntil: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      expect(JSON.stringify(write.mock.calls)).not.toContain('wrong-password');
    } finally {
      write.mockRestore();
    }
  });

  it('a username that could never be one is not logged (it may be a password typed in the wrong field)', async () => {
    const write = jest.spyOn(ledger.app.get(JsonLogger), 'write');
    try {
      expectProblem(await login('My Secret Passphrase!', PASSWORD), 401, 'INVALID_CREDENTIALS');
      const warning = write.mock.calls.find(([level]) => level === 'warn');
      expect(warning?.[2]).toMatchObject({ username: null });
      expect(JSON.stringify(write.mock.calls)).not.toContain('My Secret Passphrase!');
    } finally {
      write.mockRestore();
    }
  });

  it('every sign-in stream is hash-chained like every other stream, and verifies', async () => {
    const signInStreams = new Map<string, RecordedEvent[]>();
    for (const event of await readAllEvents(store)) {
      if (!event.streamId.startsWith('signin-')) continue;
      signInStreams.set(event.streamId, [...(signInStreams.get(event.streamId) ?? []), event]);
    }
    // The users of the site logged in while it was set up, and the users of the tests above.
    expect(signInStreams.size).toBeGreaterThanOrEqual(9);
    for (const [streamId, events] of signInStreams) {
      expect({ streamId, ...verifyStream(events) }).toEqual({ streamId, valid: true, events: events.length });
      expect(events.every((event) => (event.metadata as { registrantId: unknown }).registrantId === null)).toBe(true);
    }
  });
});
