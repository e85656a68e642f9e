import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ACCESS_POLICY, type AccessPolicy } from '../src/auth/access.decorators';
import { flagCase, shortage } from '../../../test/support/cases';
import { generateExportNow } from '../../../test/support/exports';
import { expectNoInternals, expectProblem } from './support/expect-problem';
import {
  addUser,
  deaNumber,
  dispensation,
  minutesAgo,
  receipt,
  receiveLot,
  setUpSite,
  signed,
  witnessedBy,
  type Site,
} from '../../../test/support/site';
import { PASSWORD, TestLedger } from '../../../test/support/test-ledger';

/**
 * Who may call what (api-contract.md, sections 1–4), generated from one route table: every route
 * is tried without a valid token, with every role, and by members of another registrant.
 */

type Role = 'ADMIN' | 'PHARMACIST' | 'INVESTIGATOR' | 'COMPLIANCE_OFFICER' | 'REGULATOR';
const ROLES: readonly Role[] = ['ADMIN', 'PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER', 'REGULATOR'];
const ANY_ROLE = ROLES;
/** Ledger records are read by the registrant's members; administrators record and read no ledger events. */
const READERS: readonly Role[] = ['PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER', 'REGULATOR'];
/** The registrant's working lists (lots, accountability) are for its staff, not its regulator. */
const STAFF: readonly Role[] = ['PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER'];

type Params = {
  rid: string;
  lotId: string;
  dispensationId: string;
  userId: string;
  participantId: string;
  reconciliationId: string;
  caseId: string;
  exportId: string;
  name: string;
};

interface Route {
  method: 'get' | 'post';
  /** Template with {rid}, {lotId}, {dispensationId}, {userId}. */
  path: string;
  access: 'public' | readonly Role[];
  /** The status a permitted caller gets with the sample body. */
  ok: number;
  /** A valid body for this actor (witnessed by `witness`, a member of the registrant acted on). */
  body?: (actor: Role, witness?: string) => object;
  /** Served by a Nest controller (false for what Fastify plugins mount: the OpenAPI routes, the queue dashboard). */
  controller?: false;
  /** A ledger route (command or read) of a lot, of the registrant's stock or of its discrepancy cases. */
  lot?: true;
  /** Query string a permitted caller sends. */
  query?: () => string;
}

let ledger: TestLedger;
let site: Site;
/** A lot of `site` with 100 units received, and an open dispensation of it (4 outstanding). */
let lotId: string;
let dispensationId: string;
/** The event id of that dispensation, for a correction to name. */
let dispenseEventId: string;
/** A reconciliation of `site`, signed. */
let reconciliationId: string;
/** A discrepancy case of `site`, flagged as the worker flags one. */
let caseId: string;
/** An export bundle of `site`, generated as the worker generates one. */
let exportId: string;
/** An active user that refused deactivations must leave active. */
let target: { id: string; token: string };
let serial = 0;
const unique = () => `${Date.now().toString(36)}${++serial}`;

const witnessFor = (actor: Role) => (actor === 'PHARMACIST' ? 'ivy.investigator' : 'pat.pharmacist');
const witnessed = (actor: Role, witness?: string) => witnessedBy(witness ?? witnessFor(actor));

const ROUTES: Route[] = [
  {
    method: 'post',
    path: '/api/v1/auth/login',
    access: 'public',
    ok: 200,
    body: () => ({ username: 'pat.pharmacist', password: PASSWORD }),
  },
  { method: 'get', path: '/health', access: 'public', ok: 200 },
  { method: 'get', path: '/health/live', access: 'public', ok: 200 },
  { method: 'get', path: '/docs', access: 'public', ok: 200, controller: false },
  { method: 'get', path: '/docs-json', access: 'public', ok: 200, controller: false },
  { method: 'get', path: '/admin/queues', access: ['ADMIN'], ok: 200, controller: false },

  {
    method: 'post',
    path: '/api/v1/users',
    access: ['ADMIN'],
    ok: 201,
    body: () => ({
      username: `u${unique()}.access`,
      printedName: 'New User',
      password: PASSWORD,
      roles: ['PHARMACIST'],
      registrantIds: [site.id],
    }),
  },
  { method: 'get', path: '/api/v1/users/me', access: ANY_ROLE, ok: 200 },
  { method: 'post', path: '/api/v1/users/{userId}/deactivation', access: ['ADMIN'], ok: 200, body: () => ({}) },

  {
    method: 'post',
    path: '/api/v1/registrants',
    access: ['ADMIN'],
    ok: 201,
    body: () => ({
      name: 'Another research site',
      deaNumber: deaNumber('RA', String(200000 + ++serial)),
      activity: 'RESEARCHER',
      schedules: ['I'],
      address: { street: '2 Research Way', city: 'Boston', state: 'MA', postalCode: '02115' },
      registrationExpiresOn: '2099-12-31',
      timeZone: 'America/New_York',
    }),
  },
  { method: 'get', path: '/api/v1/registrants/{rid}', access: ANY_ROLE, ok: 200 },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/locations',
    access: ['ADMIN'],
    ok: 201,
    body: () => ({ name: `Safe ${unique()}`, kind: 'SAFE', approvedSchedules: ['I'] }),
  },
  { method: 'get', path: '/api/v1/registrants/{rid}/locations', access: ANY_ROLE, ok: 200 },

  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/lots',
    access: ['PHARMACIST'],
    ok: 201,
    lot: true,
    body: () => receipt(site, { lotNumber: `L-${unique()}` }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/lots/{lotId}/transfers',
    access: ['PHARMACIST'],
    ok: 201,
    lot: true,
    body: (actor, witness) => ({
      fromLocationId: site.vault,
      toLocationId: site.clinic,
      quantity: 1,
      occurredAt: minutesAgo(5),
      ...signed,
      ...witnessed(actor, witness),
    }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/lots/{lotId}/dispensations',
    access: ['PHARMACIST'],
    ok: 201,
    lot: true,
    body: () => dispensation(site, { quantity: 1, occurredAt: minutesAgo(5) }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/lots/{lotId}/dispensations/{dispensationId}/administrations',
    access: ['INVESTIGATOR'],
    ok: 201,
    lot: true,
    body: () => ({ quantity: 1, occurredAt: minutesAgo(4), ...signed }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/lots/{lotId}/dispensations/{dispensationId}/returns',
    access: ['PHARMACIST', 'INVESTIGATOR'],
    ok: 201,
    lot: true,
    body: (actor, witness) => ({
      quantity: 1,
      toLocationId: site.vault,
      integrity: 'SEALED',
      occurredAt: minutesAgo(4),
      ...signed,
      ...witnessed(actor, witness),
    }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/lots/{lotId}/dispensations/{dispensationId}/wastage',
    access: ['PHARMACIST', 'INVESTIGATOR'],
    ok: 201,
    lot: true,
    body: (actor, witness) => ({
      quantity: 1,
      reason: 'DROPPED',
      method: 'Sealed in the waste container',
      occurredAt: minutesAgo(4),
      ...signed,
      ...witnessed(actor, witness),
    }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/lots/{lotId}/destructions',
    access: ['PHARMACIST', 'COMPLIANCE_OFFICER'],
    ok: 201,
    lot: true,
    body: (actor, witness) => ({
      locationId: site.vault,
      quantity: 1,
      method: 'Chemical digestion, non-retrievable',
      occurredAt: minutesAgo(4),
      ...signed,
      ...witnessed(actor, witness),
    }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/lots/{lotId}/losses',
    access: ['PHARMACIST', 'COMPLIANCE_OFFICER'],
    ok: 201,
    lot: true,
    body: () => ({
      locationId: site.vault,
      quantity: 1,
      kind: 'LOSS',
      discoveredAt: minutesAgo(2),
      description: 'One capsule missing at close of business',
      occurredAt: minutesAgo(3),
      ...signed,
    }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/lots/{lotId}/corrections',
    access: ['COMPLIANCE_OFFICER'],
    ok: 201,
    lot: true,
    body: (actor, witness) => ({
      correctsEventId: dispenseEventId,
      reason: 'Dose entered as 4 capsules; one never left the vault.',
      adjustments: [{ locationId: site.vault, units: 1 }],
      occurredAt: minutesAgo(3),
      ...signed,
      ...witnessed(actor, witness),
    }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/counts',
    access: ['PHARMACIST', 'COMPLIANCE_OFFICER'],
    ok: 201,
    lot: true,
    body: (actor, witness) => ({
      kind: 'AD_HOC',
      businessTime: 'CLOSE',
      occurredAt: minutesAgo(2),
      lines: [{ lotId, locationId: site.vault, units: 0 }],
      ...signed,
      ...witnessed(actor, witness),
    }),
  },
  { method: 'get', path: '/api/v1/registrants/{rid}/lots/{lotId}', access: READERS, ok: 200, lot: true },
  { method: 'get', path: '/api/v1/registrants/{rid}/lots/{lotId}/events', access: READERS, ok: 200, lot: true },
  { method: 'get', path: '/api/v1/registrants/{rid}/lots/{lotId}/verification', access: READERS, ok: 200, lot: true },
  { method: 'get', path: '/api/v1/registrants/{rid}/lots', access: STAFF, ok: 200, lot: true },
  { method: 'get', path: '/api/v1/registrants/{rid}/inventory', access: READERS, ok: 200, lot: true },
  {
    method: 'get',
    path: '/api/v1/registrants/{rid}/participants/{participantId}/accountability',
    access: STAFF,
    ok: 200,
    lot: true,
  },
  {
    method: 'get',
    path: '/api/v1/registrants/{rid}/reconciliation',
    access: READERS,
    ok: 200,
    lot: true,
    query: () => `from=${encodeURIComponent(minutesAgo(60))}&to=${encodeURIComponent(minutesAgo(1))}`,
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/reconciliations',
    access: ['COMPLIANCE_OFFICER'],
    ok: 201,
    lot: true,
    body: () => ({ from: minutesAgo(60), to: minutesAgo(1), ...signed }),
  },
  {
    method: 'get',
    path: '/api/v1/registrants/{rid}/reconciliations/{reconciliationId}',
    access: READERS,
    ok: 200,
    lot: true,
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/exports',
    access: ['COMPLIANCE_OFFICER'],
    ok: 202,
    // A period of its own each time, so each permitted request queues a new export.
    body: () => ({ from: minutesAgo(120 + ++serial), to: minutesAgo(1) }),
  },
  { method: 'get', path: '/api/v1/registrants/{rid}/exports', access: ['COMPLIANCE_OFFICER', 'REGULATOR'], ok: 200 },
  {
    method: 'get',
    path: '/api/v1/registrants/{rid}/exports/{exportId}',
    access: ['COMPLIANCE_OFFICER', 'REGULATOR'],
    ok: 200,
  },
  {
    method: 'get',
    path: '/api/v1/registrants/{rid}/exports/{exportId}/bundle.zip',
    access: ['COMPLIANCE_OFFICER', 'REGULATOR'],
    ok: 200,
  },
  {
    method: 'get',
    path: '/api/v1/registrants/{rid}/exports/{exportId}/files/{name}',
    access: ['COMPLIANCE_OFFICER', 'REGULATOR'],
    ok: 200,
  },
  { method: 'get', path: '/api/v1/signing-keys', access: 'public', ok: 200 },
  { method: 'get', path: '/api/v1/registrants/{rid}/discrepancies', access: READERS, ok: 200, lot: true },
  { method: 'get', path: '/api/v1/registrants/{rid}/discrepancies/{caseId}', access: READERS, ok: 200, lot: true },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/discrepancies/{caseId}/acknowledgement',
    access: ['COMPLIANCE_OFFICER', 'PHARMACIST'],
    ok: 201,
    lot: true,
    body: () => ({ note: 'Recount at opening.', ...signed }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/discrepancies/{caseId}/resolution',
    access: ['COMPLIANCE_OFFICER'],
    ok: 201,
    lot: true,
    body: () => ({ code: 'FOUND', notes: 'Found in the return tray.', ...signed }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/discrepancies/{caseId}/dea-notice',
    access: ['COMPLIANCE_OFFICER'],
    ok: 201,
    lot: true,
    body: () => ({ sentAt: minutesAgo(1), office: 'DEA Boston', method: 'EMAIL', ...signed }),
  },
  {
    method: 'post',
    path: '/api/v1/registrants/{rid}/discrepancies/{caseId}/form-106',
    access: ['COMPLIANCE_OFFICER'],
    ok: 201,
    lot: true,
    body: () => ({ confirmationNumber: 'TLR-26-000001', filedAt: minutesAgo(1), ...signed }),
  },
];

const PROTECTED = ROUTES.filter((r) => r.access !== 'public');
const LOT_ROUTES = ROUTES.filter((r) => r.lot);
const name = (route: Route) => `${route.method.toUpperCase()} ${route.path}`;
const allows = (route: Route, role: Role) => route.access !== 'public' && route.access.includes(role);

const fill = (path: string, params: Partial<Params>) =>
  path.replace(/\{(\w+)\}/g, (_, key: keyof Params) => {
    const value = params[key];
    if (!value) throw new Error(`no value for {${key}} in ${path}`);
    return value;
  });

const shared = (): Params => ({
  rid: site.id,
  lotId,
  dispensationId,
  userId: target.id,
  participantId: 'P-001',
  reconciliationId,
  caseId,
  exportId,
  name: 'transactions.csv',
});

function call(route: Route, params: Partial<Params>, authorization: string | undefined, body?: object) {
  const path = fill(route.path, params) + (route.query ? `?${route.query()}` : '');
  let req = route.method === 'get' ? request(ledger.server).get(path) : request(ledger.server).post(path);
  if (authorization !== undefined) req = req.set('Authorization', authorization);
  if (route.method === 'post') req = req.set('Idempotency-Key', randomUUID()).send(body ?? {});
  return req;
}

const tokenOf = (role: Role) =>
  ({
    ADMIN: site.admin,
    PHARMACIST: site.pharmacist,
    INVESTIGATOR: site.investigator,
    COMPLIANCE_OFFICER: site.compliance,
    REGULATOR: site.regulator,
  })[role];

/** The lot as a legitimate member reads it: view, ETag and every event. */
async function lotState(id = lotId) {
  const view = await ledger.get(`/registrants/${site.id}/lots/${id}`, site.pharmacist);
  const events = await ledger.get(`/registrants/${site.id}/lots/${id}/events`, site.pharmacist);
  expect([view.status, events.status]).toEqual([200, 200]);
  return { etag: view.headers.etag, view: view.body, events: events.body.map((e: { eventId: string }) => e.eventId) };
}

/**
 * What a refused call to `route` must leave exactly as it was: the lot for ledger routes, the
 * locations for a new location, the target user for a deactivation.
 */
async function observed(route: Route): Promise<unknown> {
  if (route.path.includes('{caseId}')) {
    return (await ledger.get(`/registrants/${site.id}/discrepancies/${caseId}`, site.pharmacist)).body;
  }
  if (route.lot) return lotState();
  if (route.path.endsWith('/locations') && route.method === 'post') {
    return (await ledger.get(`/registrants/${site.id}/locations`, site.admin)).body;
  }
  if (route.path.endsWith('/deactivation')) {
    const me = await ledger.get('/users/me', target.token);
    return { status: me.status, active: me.body.active };
  }
  return null;
}

/** After a refused creation, an administrator creating the very same thing must succeed. */
async function expectNotCreated(route: Route, body: object | undefined): Promise<void> {
  if (route.path === '/api/v1/users' || route.path === '/api/v1/registrants') {
    const created = await ledger.post(route.path.replace('/api/v1', ''), site.admin, body);
    expect(created.status).toBe(201);
  }
}

async function freshDispensation(): Promise<string> {
  const response = await ledger.post(
    `/registrants/${site.id}/lots/${lotId}/dispensations`,
    site.pharmacist,
    dispensation(site, { quantity: 2, occurredAt: minutesAgo(6) }),
  );
  expect(response.status).toBe(201);
  return response.body.dispensationId;
}

async function freshUser(): Promise<string> {
  const response = await ledger.post('/users', site.admin, {
    username: `d${unique()}.fresh`,
    printedName: 'To be deactivated',
    password: PASSWORD,
    roles: ['INVESTIGATOR'],
    registrantIds: [site.id],
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

const userIdOf = async (token: string): Promise<string> => (await ledger.get('/users/me', token)).body.id;
const jwtSecretOf = () => readFileSync(join(ledger.dataDir, 'jwt-secret'), 'utf8').trim();
const CLAIMS = { issuer: 'custody-ledger', audience: 'custody-ledger-api' } as const;

/** Tokens that must not authenticate; each differs from a valid token in one way only. */
const badTokens: Record<string, string | undefined> = {};
let controlToken = '';
let deactivation: request.Response;

beforeAll(async () => {
  ledger = await TestLedger.start();
  // Listen once, so supertest does not open and close a listener for each of the many requests.
  await ledger.app.listen(0, '127.0.0.1');
  site = await setUpSite(ledger);
  lotId = await receiveLot(ledger, site);
  const dispensed = await ledger.post(
    `/registrants/${site.id}/lots/${lotId}/dispensations`,
    site.pharmacist,
    dispensation(site, { occurredAt: minutesAgo(20) }),
  );
  expect(dispensed.status).toBe(201);
  dispensationId = dispensed.body.dispensationId;
  dispenseEventId = dispensed.body.eventIds[0];
  const reconciliation = await ledger.post(`/registrants/${site.id}/reconciliations`, site.compliance, {
    from: minutesAgo(60),
    to: minutesAgo(1),
    ...signed,
  });
  expect(reconciliation.status).toBe(201);
  reconciliationId = reconciliation.body.reconciliationId;
  caseId = await flagCase(ledger, shortage(site.id));
  exportId = await generateExportNow(ledger, site.id, { from: minutesAgo(60), to: minutesAgo(1) });

  const targetToken = await addUser(ledger, site.admin, 'tara.target', ['INVESTIGATOR'], [site.id]);
  target = { id: await userIdOf(targetToken), token: targetToken };

  const pharmacistId = await userIdOf(site.pharmacist);
  const adminId = await userIdOf(site.admin);
  const secret = jwtSecretOf();
  const now = Math.floor(Date.now() / 1000);
  controlToken = jwt.sign({ token_use: 'access' }, secret, {
    ...CLAIMS,
    subject: pharmacistId,
    algorithm: 'HS256',
    expiresIn: 600,
  });
  const [header, , signature] = site.pharmacist.split('.');
  const escalated = Buffer.from(
    JSON.stringify({
      token_use: 'access',
      sub: adminId,
      iss: CLAIMS.issuer,
      aud: CLAIMS.audience,
      iat: now,
      exp: now + 600,
    }),
  ).toString('base64url');

  const deactivatedToken = await addUser(ledger, site.admin, 'dave.deactivated', ['PHARMACIST'], [site.id]);
  // Asserted by its own test below, so that a broken deactivation fails tests instead of the setup.
  deactivation = await ledger.post(`/users/${await userIdOf(deactivatedToken)}/deactivation`, site.admin, {});

  Object.assign(badTokens, {
    'no Authorization header': undefined,
    'a malformed bearer token': 'Bearer not-a-token',
    'a token without the Bearer scheme': site.pharmacist,
    'Basic credentials': `Basic ${Buffer.from(`pat.pharmacist:${PASSWORD}`).toString('base64')}`,
    'a token whose payload was altered (other subject)': `Bearer ${header}.${escalated}.${signature}`,
    'a token signed with another secret': `Bearer ${jwt.sign({ token_use: 'access' }, 'another-secret-another-secret-another-secret', { ...CLAIMS, subject: pharmacistId, algorithm: 'HS256', expiresIn: 600 })}`,
    'an alg "none" token': `Bearer ${jwt.sign({ token_use: 'access' }, '', { ...CLAIMS, subject: pharmacistId, algorithm: 'none', expiresIn: 600 })}`,
    'an expired token': `Bearer ${jwt.sign({ token_use: 'access', iat: now - 3600, exp: now - 60 }, secret, { ...CLAIMS, subject: pharmacistId, algorithm: 'HS256' })}`,
    'a token of a deactivated user': `Bearer ${deactivatedToken}`,
  });
});

afterAll(() => ledger.close());

describe('the route table', () => {
  it('is exactly the set of controller routes, each with an explicit access policy matching the table', () => {
    const discovery = new DiscoveryService(ledger.app.get(ModulesContainer));
    const scanner = new MetadataScanner();
    const reflector = ledger.app.get(Reflector);
    const found: Array<{ route: string; policy: AccessPolicy | undefined }> = [];
    for (const wrapper of discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const prefix = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[method] as object;
        const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (verb === undefined) continue;
        const path = [prefix, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')]
          .flatMap((part) => part.split('/'))
          .filter((part) => part.length > 0)
          .map((part) => (part.startsWith(':') ? `{${part.slice(1)}}` : part))
          .join('/');
        found.push({
          route: `${RequestMethod[verb]} /${path}`,
          policy: reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
            handler as () => void,
            metatype as new () => unknown,
          ]),
        });
      }
    }

    expect(found.filter((f) => f.policy === undefined).map((f) => f.route)).toEqual([]);
    const declared = ROUTES.filter((r) => r.controller !== false).map(
      (r) => `${r.method.toUpperCase()} ${r.path.replace(/^\/api\/v1/, '')}`,
    );
    expect(found.map((f) => f.route).sort()).toEqual([...declared].sort());
    for (const { route, policy } of found) {
      const row = ROUTES.find(
        (r) => `${r.method.toUpperCase()} ${r.path.replace(/^\/api\/v1/, '')}` === route,
      ) as Route;
      const expected = row.access === 'public' ? { public: true } : { public: false, roles: [...row.access].sort() };
      const actual = policy?.public
        ? { public: true }
        : { public: false, roles: [...(policy as { roles: readonly Role[] }).roles].sort() };
      expect({ route, policy: actual }).toEqual({ route, policy: expected });
    }
  });
});

describe('public routes answer without a token', () => {
  test.each(ROUTES.filter((r) => r.access === 'public').map((r) => [name(r), r] as const))('%s', async (_, route) => {
    const response = await call(route, {}, undefined, route.body?.('PHARMACIST'));
    expect(response.status).toBe(route.ok);
  });
});

describe('a well-formed token signed with the server secret is accepted (control for the forged ones)', () => {
  it('authenticates GET /users/me', async () => {
    const response = await request(ledger.server)
      .get('/api/v1/users/me')
      .set('Authorization', `Bearer ${controlToken}`);
    expect(response.status).toBe(200);
    expect(response.body.username).toBe('pat.pharmacist');
  });
});

describe('the deactivated user of the next tests', () => {
  it('was deactivated through POST /users/{id}/deactivation with {} (200, active: false)', () => {
    expect({ status: deactivation.status, active: deactivation.body.active }).toEqual({ status: 200, active: false });
  });
});

describe.each([
  'no Authorization header',
  'a malformed bearer token',
  'a token without the Bearer scheme',
  'Basic credentials',
  'a token whose payload was altered (other subject)',
  'a token signed with another secret',
  'an alg "none" token',
  'an expired token',
  'a token of a deactivated user',
])('with %s', (variant) => {
  test.each(PROTECTED.map((r) => [name(r), r] as const))(
    '%s → 401 UNAUTHENTICATED, nothing recorded',
    async (_, route) => {
      const before = await observed(route);
      const body = route.body?.('PHARMACIST');
      const response = await call(route, shared(), badTokens[variant], body);
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(await observed(route)).toEqual(before);
      await expectNotCreated(route, body);
    },
  );
});

describe('roles', () => {
  const matrix = PROTECTED.flatMap((route) => ROLES.map((role) => [name(route), role, route] as const));

  test.each(matrix.filter(([, role, route]) => !allows(route, role)))(
    '%s as %s → 403 FORBIDDEN, nothing recorded',
    async (_, role, route) => {
      const before = await observed(route);
      const body = route.body?.(role);
      const response = await call(route, shared(), `Bearer ${tokenOf(role)}`, body);
      expectProblem(response, 403, 'FORBIDDEN');
      expect(await observed(route)).toEqual(before);
      await expectNotCreated(route, body);
    },
  );

  test.each(matrix.filter(([, role, route]) => allows(route, role)))(
    '%s as %s is permitted',
    async (_, role, route) => {
      const params = { ...shared() };
      if (route.path.includes('{dispensationId}')) params.dispensationId = await freshDispensation();
      if (route.path.includes('{userId}')) params.userId = await freshUser();
      if (route.path.includes('{caseId}')) params.caseId = await flagCase(ledger, shortage(site.id));
      const response = await call(route, params, `Bearer ${tokenOf(role)}`, route.body?.(role));
      expect({ status: response.status, body: response.status === route.ok ? 'ok' : response.body }).toEqual({
        status: route.ok,
        body: 'ok',
      });
    },
  );

  it('the contract role column, spelled out', () => {
    const roles = (path: string) =>
      (ROUTES.find((r) => r.method === 'post' && r.path.endsWith(path))?.access as Role[]).slice().sort();
    expect(roles('/lots')).toEqual(['PHARMACIST']);
    expect(roles('/transfers')).toEqual(['PHARMACIST']);
    expect(roles('/lots/{lotId}/dispensations')).toEqual(['PHARMACIST']);
    expect(roles('/administrations')).toEqual(['INVESTIGATOR']);
    expect(roles('/returns')).toEqual(['INVESTIGATOR', 'PHARMACIST']);
    expect(roles('/wastage')).toEqual(['INVESTIGATOR', 'PHARMACIST']);
    expect(roles('/destructions')).toEqual(['COMPLIANCE_OFFICER', 'PHARMACIST']);
    expect(roles('/losses')).toEqual(['COMPLIANCE_OFFICER', 'PHARMACIST']);
    expect(roles('/counts')).toEqual(['COMPLIANCE_OFFICER', 'PHARMACIST']);
    expect(roles('/corrections')).toEqual(['COMPLIANCE_OFFICER']);
  });
});

describe('members of another registrant', () => {
  /** Outsiders holding the role each route needs, and a witness from their own registrant. */
  let outsiders: Partial<Record<Role, string>>;
  const OUTSIDER_WITNESS = 'oona.outsider';

  beforeAll(async () => {
    outsiders = {
      PHARMACIST: site.outsider,
      INVESTIGATOR: await addUser(ledger, site.admin, 'olga.outsider', ['INVESTIGATOR'], [site.other.id]),
      COMPLIANCE_OFFICER: await addUser(ledger, site.admin, 'cleo.outsider', ['COMPLIANCE_OFFICER'], [site.other.id]),
    };
    await addUser(ledger, site.admin, OUTSIDER_WITNESS, ['COMPLIANCE_OFFICER'], [site.other.id]);
  });

  const actorFor = (route: Route): Role =>
    (['PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER'] as const).find((role) => allows(route, role)) as Role;

  test.each(LOT_ROUTES.map((r) => [name(r), r] as const))(
    '%s of a registrant they do not belong to → 404 NOT_FOUND, nothing recorded',
    async (_, route) => {
      const actor = actorFor(route);
      const before = await lotState();
      const response = await call(route, shared(), `Bearer ${outsiders[actor]}`, route.body?.(actor));
      expectProblem(response, 404, 'NOT_FOUND');
      expect(await lotState()).toEqual(before);
    },
  );

  test.each(LOT_ROUTES.filter((r) => r.path.includes('{lotId}')).map((r) => [name(r), r] as const))(
    '%s under their own registrant with the lot of another → 404 NOT_FOUND, nothing recorded',
    async (_, route) => {
      const actor = actorFor(route);
      const own = site.other;
      const body = route.body?.(actor, OUTSIDER_WITNESS);
      // Their own locations, so the lot is the only thing that is not theirs.
      const local =
        body && JSON.parse(JSON.stringify(body).split(site.vault).join(own.vault).split(site.clinic).join(own.clinic));
      const before = await lotState();
      const response = await call(route, { ...shared(), rid: own.id }, `Bearer ${outsiders[actor]}`, local);
      expectProblem(response, 404, 'NOT_FOUND');
      expect(await lotState()).toEqual(before);
    },
  );

  it('POST /counts under their own registrant counting the lot of another → 404 NOT_FOUND, nothing recorded', async () => {
    const before = await lotState();
    const response = await ledger.post(`/registrants/${site.other.id}/counts`, site.outsider, {
      kind: 'AD_HOC',
      businessTime: 'CLOSE',
      occurredAt: minutesAgo(2),
      lines: [{ lotId, locationId: site.other.vault, units: 0 }],
      ...signed,
      ...witnessedBy(OUTSIDER_WITNESS),
    });
    expectProblem(response, 404, 'NOT_FOUND');
    expect(await lotState()).toEqual(before);
  });

  it('POST /lots under their own registrant into a location of another → 404 NOT_FOUND, and nothing was recorded under the key', async () => {
    const key = randomUUID();
    const refused = await ledger.post(
      `/registrants/${site.other.id}/lots`,
      site.outsider,
      receipt(site.other, { locationId: site.vault }),
      { 'Idempotency-Key': key },
    );
    expectProblem(refused, 404, 'NOT_FOUND');
    // Nothing was stored for that key: the corrected request under the same key is a new receipt.
    const corrected = await ledger.post(`/registrants/${site.other.id}/lots`, site.outsider, receipt(site.other), {
      'Idempotency-Key': key,
    });
    expect([corrected.status, corrected.headers['idempotent-replayed']]).toEqual([201, undefined]);
    expect(corrected.body.revision).toBe(0);
  });

  test.each(['/registrants/{rid}', '/registrants/{rid}/locations'])(
    'GET %s of a registrant they do not belong to → 404 NOT_FOUND',
    async (path) => {
      for (const token of [site.outsider, outsiders.INVESTIGATOR as string]) {
        const response = await ledger.get(fill(path, { rid: site.id }), token);
        expectProblem(response, 404, 'NOT_FOUND');
      }
    },
  );

  it('their own registrant is visible to them (control)', async () => {
    expect((await ledger.get(`/registrants/${site.other.id}`, site.outsider)).status).toBe(200);
    expect((await ledger.get(`/registrants/${site.other.id}/locations`, site.outsider)).status).toBe(200);
  });
});

describe('security headers (helmet)', () => {
  test.each([
    ['GET /health', () => request(ledger.server).get('/health'), 200],
    ['GET /docs', () => request(ledger.server).get('/docs'), 200],
    ['GET /api/v1/users/me', () => ledger.get('/users/me', site.pharmacist), 200],
    ['a 401 problem', () => request(ledger.server).get('/api/v1/users/me'), 401],
    ['an unknown route', () => request(ledger.server).get('/api/v1/nothing-here'), 404],
  ] as const)('%s', async (_, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBeDefined();
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['x-powered-by']).toBeUndefined();
    if (status >= 400) expectNoInternals(response.text);
  });
});
