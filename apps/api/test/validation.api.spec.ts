import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem } from './support/expect-problem';
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
 * Bad input gets a 4xx problem with a stable code, names the offending fields, leaks nothing,
 * and records nothing (api-contract.md, section 0).
 */

let ledger: TestLedger;
let site: Site;
let lotId: string;
let dispensationId: string;
/** An active user that a refused deactivation must leave active. */
let target: { id: string; token: string };
let serial = 0;
const unique = () => `${Date.now().toString(36)}${++serial}`;

type Body = Record<string, unknown>;
/** How to check that a refused request recorded nothing. */
type Evidence = 'lot' | 'retry' | 'locations' | 'target' | 'none';

interface Target {
  path: () => string;
  token: () => string | null;
  valid: () => Body;
  evidence: Evidence;
}

const lots = () => `/registrants/${site.id}/lots`;
const onLot = (suffix: string) => () => `${lots()}/${lotId}${suffix}`;

const TARGETS = {
  receive: {
    path: lots,
    token: () => site.pharmacist,
    valid: () => receipt(site, { lotNumber: `V-${unique()}` }),
    evidence: 'retry',
  },
  transfer: {
    path: onLot('/transfers'),
    token: () => site.pharmacist,
    valid: () => ({
      fromLocationId: site.vault,
      toLocationId: site.clinic,
      quantity: 1,
      occurredAt: minutesAgo(5),
      ...signed,
      ...witnessedBy('ivy.investigator'),
    }),
    evidence: 'lot',
  },
  dispense: {
    path: onLot('/dispensations'),
    token: () => site.pharmacist,
    valid: () => dispensation(site, { quantity: 1 }),
    evidence: 'lot',
  },
  administer: {
    path: () => `${lots()}/${lotId}/dispensations/${dispensationId}/administrations`,
    token: () => site.investigator,
    valid: () => ({ quantity: 1, occurredAt: minutesAgo(5), ...signed }),
    evidence: 'lot',
  },
  return: {
    path: () => `${lots()}/${lotId}/dispensations/${dispensationId}/returns`,
    token: () => site.investigator,
    valid: () => ({
      quantity: 1,
      toLocationId: site.vault,
      integrity: 'SEALED',
      occurredAt: minutesAgo(5),
      ...signed,
      ...witnessedBy('pat.pharmacist'),
    }),
    evidence: 'lot',
  },
  wastage: {
    path: () => `${lots()}/${lotId}/dispensations/${dispensationId}/wastage`,
    token: () => site.investigator,
    valid: () => ({
      quantity: 1,
      reason: 'DROPPED',
      method: 'Sealed in waste container',
      occurredAt: minutesAgo(5),
      ...signed,
      ...witnessedBy('pat.pharmacist'),
    }),
    evidence: 'lot',
  },
  destruction: {
    path: onLot('/destructions'),
    token: () => site.pharmacist,
    valid: () => ({
      locationId: site.vault,
      quantity: 1,
      method: 'Chemical digestion',
      occurredAt: minutesAgo(5),
      ...signed,
      ...witnessedBy('cora.compliance'),
    }),
    evidence: 'lot',
  },
  loss: {
    path: onLot('/losses'),
    token: () => site.pharmacist,
    valid: () => ({
      locationId: site.vault,
      quantity: 1,
      kind: 'LOSS',
      discoveredAt: minutesAgo(4),
      description: 'Missing at close',
      occurredAt: minutesAgo(5),
      ...signed,
    }),
    evidence: 'lot',
  },
  count: {
    path: () => `/registrants/${site.id}/counts`,
    token: () => site.compliance,
    valid: () => ({
      kind: 'AD_HOC',
      businessTime: 'CLOSE',
      occurredAt: minutesAgo(5),
      lines: [{ lotId, locationId: site.vault, units: 3 }],
      ...signed,
      ...witnessedBy('pat.pharmacist'),
    }),
    evidence: 'lot',
  },
  registrant: {
    path: () => '/registrants',
    token: () => site.admin,
    valid: () => ({
      name: 'Validation site',
      deaNumber: deaNumber('RV', String(300000 + ++serial)),
      activity: 'RESEARCHER',
      schedules: ['I'],
      address: { street: '3 Research Way', city: 'Boston', state: 'MA', postalCode: '02115' },
      registrationExpiresOn: '2099-12-31',
      timeZone: 'America/New_York',
    }),
    evidence: 'retry',
  },
  location: {
    path: () => `/registrants/${site.id}/locations`,
    token: () => site.admin,
    valid: () => ({ name: `Safe ${unique()}`, kind: 'SAFE', approvedSchedules: ['I'] }),
    evidence: 'locations',
  },
  user: {
    path: () => '/users',
    token: () => site.admin,
    valid: () => ({
      username: `v${unique()}.user`,
      printedName: 'Val Idation',
      password: PASSWORD,
      roles: ['INVESTIGATOR'],
      registrantIds: [site.id],
    }),
    evidence: 'retry',
  },
  deactivation: {
    path: () => `/users/${target.id}/deactivation`,
    token: () => site.admin,
    valid: () => ({}),
    evidence: 'target',
  },
  login: {
    path: () => '/auth/login',
    token: () => null,
    valid: () => ({ username: 'pat.pharmacist', password: PASSWORD }),
    evidence: 'none',
  },
} satisfies Record<string, Target>;
type TargetName = keyof typeof TARGETS;

/** A copy of `body` with the value at a dotted path (`lines.0.units`) set, or removed when `value` is `REMOVE`. */
const REMOVE = Symbol('remove');
function change(body: Body, path: string, value: unknown): Body {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

/** The lot as a member reads it: its ETag (the revision of its last event) and the whole view. */
async function lotState() {
  const view = await ledger.get(`${lots()}/${lotId}`, site.pharmacist);
  expect(view.status).toBe(200);
  return { etag: view.headers.etag, view: view.body };
}

async function observed(evidence: Evidence): Promise<unknown> {
  if (evidence === 'lot') return lotState();
  if (evidence === 'locations') return (await ledger.get(`/registrants/${site.id}/locations`, site.admin)).body;
  if (evidence === 'target') {
    const me = await ledger.get('/users/me', target.token);
    return { status: me.status, active: me.body.active };
  }
  return null;
}

function send(
  target: Target,
  body: unknown,
  headers: Record<string, string | null> = {},
  raw?: { type: string; text: string },
) {
  let req = request(ledger.server).post(`/api/v1${target.path()}`);
  const token = target.token();
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  const key = headers['Idempotency-Key'] === undefined ? randomUUID() : headers['Idempotency-Key'];
  if (key !== null) req = req.set('Idempotency-Key', key);
  for (const [name, value] of Object.entries(headers))
    if (name !== 'Idempotency-Key' && value !== null) req = req.set(name, value);
  if (raw) return req.set('Content-Type', raw.type).send(raw.text);
  return body === undefined ? req : req.send(body as object);
}

/**
 * Sends a bad request to `name`, expects the problem, and proves nothing was recorded: the lot
 * or locations are unchanged, or the valid request under the same key is still a first request.
 */
async function refused(
  name: TargetName,
  bad: (valid: Body) => unknown,
  expected: { status: number; code: string; fields?: string[] },
  options: { headers?: Record<string, string | null>; raw?: { type: string; text: string } } = {},
) {
  const target: Target = TARGETS[name];
  const valid = target.valid();
  const key = randomUUID();
  const before = await observed(target.evidence);
  const headers = { 'Idempotency-Key': key, ...options.headers };
  const response = await send(target, options.raw ? undefined : bad(valid), headers, options.raw);
  expectProblem(response, expected.status, expected.code, expected.fields);
  expect(await observed(target.evidence)).toEqual(before);
  if (target.evidence === 'retry') {
    const retried = await send(target, valid, { 'Idempotency-Key': key });
    expect({ status: retried.status, replayed: retried.headers['idempotent-replayed'] }).toEqual({
      status: 201,
      replayed: undefined,
    });
  }
  return response;
}

const failed = (...fields: string[]) => ({ status: 400, code: 'VALIDATION_FAILED', fields });

beforeAll(async () => {
  ledger = await TestLedger.start();
  await ledger.app.listen(0, '127.0.0.1');
  site = await setUpSite(ledger);
  lotId = await receiveLot(ledger, site);
  const dispensed = await ledger.post(
    `${lots()}/${lotId}/dispensations`,
    site.pharmacist,
    dispensation(site, { quantity: 8, occurredAt: minutesAgo(20) }),
  );
  expect(dispensed.status).toBe(201);
  dispensationId = dispensed.body.dispensationId;
  const token = await addUser(ledger, site.admin, 'tom.target', ['INVESTIGATOR'], [site.id]);
  target = { id: (await ledger.get('/users/me', token)).body.id, token };
});
afterAll(() => ledger.close());

describe('the valid bodies the cases start from are accepted (control)', () => {
  test.each(Object.keys(TARGETS).filter((n) => n !== 'deactivation') as TargetName[])('%s', async (name) => {
    const target: Target = TARGETS[name];
    const response = await send(target, target.valid());
    expect({ status: response.status, body: response.status < 300 ? 'ok' : response.body }).toEqual({
      status: name === 'login' ? 200 : 201,
      body: 'ok',
    });
  });
});

describe('unknown fields are refused, at the top level and nested', () => {
  test.each<[TargetName, string, string]>([
    ['receive', 'colour', 'colour'],
    ['receive', 'product.extra', 'product.extra'],
    ['receive', 'supplier.extra', 'supplier.extra'],
    ['receive', 'order.extra', 'order.extra'],
    ['receive', 'signature.extra', 'signature.extra'],
    ['transfer', 'witnesses.0.role', 'witnesses[0].role'],
    ['dispense', 'participantName', 'participantName'],
    ['count', 'lines.0.estimated', 'lines[0].estimated'],
    ['count', 'bookUnits', 'bookUnits'],
    ['loss', 'lateReason', 'lateReason'],
    ['registrant', 'address.country', 'address.country'],
    ['registrant', 'id', 'id'],
    ['location', 'capacity', 'capacity'],
    ['user', 'active', 'active'],
    ['login', 'remember', 'remember'],
    ['deactivation', 'reason', 'reason'],
  ])('%s with %s', (name, path, field) => refused(name, (valid) => change(valid, path, true), failed(field)));
});

describe('wrong types are refused, nothing is coerced', () => {
  test.each<[TargetName, string, unknown, string]>([
    ['receive', 'quantity', '5', 'quantity'],
    ['receive', 'lotNumber', 12345, 'lotNumber'],
    ['receive', 'product', 'MDMA HCl 20 mg', 'product'],
    ['receive', 'product.strengthMg', '20', 'product.strengthMg'],
    ['receive', 'product.deaDrugCode', 7405, 'product.deaDrugCode'],
    ['receive', 'locationId', 42, 'locationId'],
    ['receive', 'signature', PASSWORD, 'signature'],
    ['receive', 'signature.password', 123456789012, 'signature.password'],
    ['transfer', 'witnesses', 'ivy.investigator', 'witnesses'],
    ['transfer', 'quantity', true, 'quantity'],
    ['dispense', 'session', '1', 'session'],
    ['dispense', 'participantId', 1, 'participantId'],
    ['count', 'lines', 'all of them', 'lines'],
    ['count', 'lines.0.units', '3', 'lines[0].units'],
    ['registrant', 'schedules', 'I', 'schedules'],
    ['registrant', 'address', '1 Research Way, Boston', 'address'],
    ['location', 'approvedSchedules', 'I', 'approvedSchedules'],
    ['user', 'roles', 'PHARMACIST', 'roles'],
    ['user', 'registrantIds', 'all', 'registrantIds'],
    ['login', 'username', 42, 'username'],
  ])('%s with %s = %p', (name, path, value, field) =>
    refused(name, (valid) => change(valid, path, value), failed(field)),
  );
});

describe('missing required fields are refused', () => {
  test.each<[TargetName, string, string]>([
    ['receive', 'lotNumber', 'lotNumber'],
    ['receive', 'product', 'product'],
    ['receive', 'product.strengthMg', 'product.strengthMg'],
    ['receive', 'supplier.deaNumber', 'supplier.deaNumber'],
    ['receive', 'signature', 'signature'],
    ['receive', 'signature.password', 'signature.password'],
    ['receive', 'occurredAt', 'occurredAt'],
    ['transfer', 'toLocationId', 'toLocationId'],
    ['dispense', 'participantId', 'participantId'],
    ['administer', 'quantity', 'quantity'],
    ['return', 'integrity', 'integrity'],
    ['wastage', 'method', 'method'],
    ['destruction', 'locationId', 'locationId'],
    ['loss', 'discoveredAt', 'discoveredAt'],
    ['count', 'lines', 'lines'],
    ['count', 'lines.0.locationId', 'lines[0].locationId'],
    ['registrant', 'timeZone', 'timeZone'],
    ['registrant', 'address.postalCode', 'address.postalCode'],
    ['location', 'kind', 'kind'],
    ['user', 'password', 'password'],
    ['login', 'password', 'password'],
  ])('%s without %s', (name, path, field) => refused(name, (valid) => change(valid, path, REMOVE), failed(field)));
});

describe('quantities are positive safe integers', () => {
  const QUANTITY_TARGETS: TargetName[] = [
    'receive',
    'transfer',
    'dispense',
    'administer',
    'return',
    'wastage',
    'destruction',
    'loss',
  ];
  test.each(QUANTITY_TARGETS.flatMap((name) => [0, -1, 1.5, 2 ** 53].map((q) => [name, q] as const)))(
    '%s with quantity %p',
    (name, quantity) => refused(name, (valid) => change(valid, 'quantity', quantity), failed('quantity')),
  );

  test.each([-1, 1.5, 2 ** 53])('count line with units %p', (units) =>
    refused('count', (valid) => change(valid, 'lines.0.units', units), failed('lines[0].units')),
  );
});

describe('strengthMg is greater than 0 with at most 3 decimals', () => {
  test.each([20.1234, 0.0001, 0, -5])('%p', (strength) =>
    refused('receive', (valid) => change(valid, 'product.strengthMg', strength), failed('product.strengthMg')),
  );

  test.each([20.125, 0.001])('%p is accepted', async (strength) => {
    const response = await ledger.post(
      lots(),
      site.pharmacist,
      receipt(site, { product: { ...receipt(site).product, strengthMg: strength } }),
    );
    expect(response.status).toBe(201);
    expect(response.body.lot.product.strengthMg).toBe(strength);
  });
});

describe('dates and date-times', () => {
  test.each(['2099-13-01', '2099-02-30', '30/06/2099', '2099-6-30', '2099-06-30T00:00:00Z', 'yesterday', 20990630])(
    'expiresOn %p',
    (value) => refused('receive', (valid) => change(valid, 'expiresOn', value), failed('expiresOn')),
  );

  test.each([
    '2026-03-02T14:05:00',
    '2026-13-02T14:05:00Z',
    '2026-02-30T14:05:00Z',
    '2026-03-02T25:05:00Z',
    '2026-03-02',
    '2026-03-02 14:05:00Z',
    'yesterday',
    1772463900000,
  ])('occurredAt %p', (value) =>
    refused('dispense', (valid) => change(valid, 'occurredAt', value), failed('occurredAt')),
  );

  test.each(['yesterday', '2026-03-02T14:05:00'])('discoveredAt %p', (value) =>
    refused('loss', (valid) => change(valid, 'discoveredAt', value), failed('discoveredAt')),
  );

  test.each(['2026-02-30', '31.12.2099', '2099-12-31T00:00:00Z'])('registrationExpiresOn %p', (value) =>
    refused('registrant', (valid) => change(valid, 'registrationExpiresOn', value), failed('registrationExpiresOn')),
  );

  it('an offset time is accepted and returned in UTC', async () => {
    const response = await ledger.post(
      `${lots()}/${lotId}/dispensations`,
      site.pharmacist,
      dispensation(site, { quantity: 1, occurredAt: '2026-03-02T14:05:00-05:00' }),
    );
    expect(response.status).toBe(201);
    const events = await ledger.get(`${lots()}/${lotId}/events`, site.pharmacist);
    expect(events.body.at(-1).occurredAt).toBe('2026-03-02T19:05:00.000Z');
  });
});

describe('participant ids are 1–64 letters, digits, - and _', () => {
  test.each(['P 001', 'x'.repeat(65), '', 'Jane Doe', 'P/001', 'P-001;', 'Pé-001'])('%p', (participantId) =>
    refused('dispense', (valid) => change(valid, 'participantId', participantId), failed('participantId')),
  );

  test.each(['x'.repeat(64), 'a', 'P_001-b'])('%p is accepted', async (participantId) => {
    const response = await ledger.post(
      `${lots()}/${lotId}/dispensations`,
      site.pharmacist,
      dispensation(site, { quantity: 1, participantId }),
    );
    expect(response.status).toBe(201);
  });
});

describe('session is 1–20', () => {
  test.each([0, 21, -1, 1.5])('%p', (session) =>
    refused('dispense', (valid) => change(valid, 'session', session), failed('session')),
  );

  test.each([1, 20])('%p is accepted', async (session) => {
    expect(
      (
        await ledger.post(
          `${lots()}/${lotId}/dispensations`,
          site.pharmacist,
          dispensation(site, { quantity: 1, session }),
        )
      ).status,
    ).toBe(201);
  });
});

describe('enumerations', () => {
  test.each<[TargetName, string, unknown, string]>([
    ['receive', 'product.form', 'PILL', 'product.form'],
    ['receive', 'product.schedule', 'VI', 'product.schedule'],
    ['receive', 'product.schedule', 'i', 'product.schedule'],
    ['receive', 'order.form', 'FAX', 'order.form'],
    ['dispense', 'doseType', 'BOOSTER', 'doseType'],
    ['return', 'integrity', 'BROKEN', 'integrity'],
    ['wastage', 'reason', 'SPILLED', 'reason'],
    ['loss', 'kind', 'MISPLACED', 'kind'],
    ['count', 'kind', 'WEEKLY', 'kind'],
    ['count', 'businessTime', 'NOON', 'businessTime'],
    ['registrant', 'activity', 'CLINIC', 'activity'],
    ['registrant', 'schedules', ['VI'], 'schedules'],
    ['location', 'kind', 'DRAWER', 'kind'],
    ['location', 'approvedSchedules', ['IX'], 'approvedSchedules'],
    ['user', 'roles', ['SUPERUSER'], 'roles'],
  ])('%s with %s = %p', (name, path, value, field) =>
    refused(name, (valid) => change(valid, path, value), failed(field)),
  );
});

describe('DEA numbers: two letters, seven digits, valid check digit', () => {
  test.each(['RS1234564', 'RS1234560', 'R1234563', 'RS123456', 'RS12345633', '121234563', 'RS12345X3'])(
    'registrant deaNumber %p',
    (dea) => refused('registrant', (valid) => change(valid, 'deaNumber', dea), failed('deaNumber')),
  );

  test.each(['PM7654320', 'PM765432', 'P7654329'])('supplier deaNumber %p', (dea) =>
    refused('receive', (valid) => change(valid, 'supplier.deaNumber', dea), failed('supplier.deaNumber')),
  );
});

describe('bodies that are not JSON objects', () => {
  test.each<[string, unknown]>([
    ['an array', [{ quantity: 1 }]],
    ['an empty array', []],
    ['a JSON string', 'dispense'],
    ['null', null],
    ['a number', 5],
    ['true', true],
  ])('%s', (_, body) =>
    refused(
      'dispense',
      () => undefined,
      { status: 400, code: 'VALIDATION_FAILED' },
      { raw: { type: 'application/json', text: JSON.stringify(body) } },
    ),
  );

  test.each<[string, string, string]>([
    ['invalid JSON', 'application/json', '{"quantity": 1,'],
    ['an empty JSON body', 'application/json', ''],
    ['a __proto__ key', 'application/json', '{"__proto__": {"admin": true}, "quantity": 1}'],
    ['plain text', 'text/plain', 'quantity=1'],
    ['a form', 'application/x-www-form-urlencoded', 'quantity=1'],
  ])('%s', (_, type, text) =>
    refused('dispense', () => undefined, { status: 400, code: 'VALIDATION_FAILED' }, { raw: { type, text } }),
  );

  test.each([
    ['a JSON string', '"hello"'],
    ['an array', '[]'],
    ['null', 'null'],
    ['invalid JSON', '{'],
  ])('login with %s', (_, text) =>
    refused(
      'login',
      () => undefined,
      { status: 400, code: 'VALIDATION_FAILED' },
      { raw: { type: 'application/json', text } },
    ),
  );
});

describe('body size', () => {
  it('a body over 64 KiB → 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await refused('loss', (valid) => change(valid, 'description', 'x'.repeat(70 * 1024)), {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(response.body.errors).toBeUndefined();
  });

  it('a body just under 64 KiB is read and validated (400 for a description over 2000 characters, not 413)', () =>
    refused('loss', (valid) => change(valid, 'description', 'x'.repeat(63 * 1024)), failed('description')));
});

describe('Idempotency-Key', () => {
  const KEYED: TargetName[] = [
    'receive',
    'transfer',
    'dispense',
    'count',
    'registrant',
    'location',
    'user',
    'deactivation',
  ];

  test.each(KEYED)('%s without one → 400 IDEMPOTENCY_KEY_REQUIRED', async (name) => {
    const target: Target = TARGETS[name];
    const before = await observed(target.evidence);
    const response = await send(target, target.valid(), { 'Idempotency-Key': null });
    expectProblem(response, 400, 'IDEMPOTENCY_KEY_REQUIRED');
    expect(await observed(target.evidence)).toEqual(before);
  });

  test.each<[string, string]>([
    ['201 characters', 'k'.repeat(201)],
    ['a non-ASCII character', 'clé-1'],
  ])('dispense with a key of %s → 400 IDEMPOTENCY_KEY_REQUIRED, nothing recorded', (_, key) =>
    refused(
      'dispense',
      (valid) => valid,
      { status: 400, code: 'IDEMPOTENCY_KEY_REQUIRED' },
      { headers: { 'Idempotency-Key': key } },
    ),
  );

  test.each<[string, string]>([
    ['200 characters', 'k'.repeat(200)],
    ['1 character', 'k'],
    ['printable punctuation', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
    ['an inner space (0x20 is printable ASCII)', 'order 42 attempt 1'],
  ])('a key of %s is accepted', async (_, key) => {
    const response = await ledger.post(
      `${lots()}/${lotId}/dispensations`,
      site.pharmacist,
      dispensation(site, { quantity: 1 }),
      { 'Idempotency-Key': key },
    );
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 201, code: undefined });
  });
});

describe('other bad input on lot commands', () => {
  it('a malformed If-Match → 400 VALIDATION_FAILED naming If-Match, nothing recorded', () =>
    refused('dispense', (valid) => valid, failed('If-Match'), { headers: { 'If-Match': 'yesterday' } }));

  it('a stale If-Match → 412 PRECONDITION_FAILED, nothing recorded', () =>
    refused(
      'dispense',
      (valid) => valid,
      { status: 412, code: 'PRECONDITION_FAILED' },
      { headers: { 'If-Match': '"0"' } },
    ));

  test.each(['not-a-uuid', '12345', `${randomUUID()}x`])(
    'a lot id %p that is not a UUID → 404 NOT_FOUND',
    async (id) => {
      expectProblem(await ledger.get(`${lots()}/${id}`, site.pharmacist), 404, 'NOT_FOUND');
      expectProblem(
        await ledger.post(`${lots()}/${id}/dispensations`, site.pharmacist, dispensation(site)),
        404,
        'NOT_FOUND',
      );
    },
  );
});
