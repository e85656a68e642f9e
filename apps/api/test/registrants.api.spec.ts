import { randomUUID } from 'node:crypto';
import { expectProblem } from './support/expect-problem';
import { addUser, deaNumber, minutesAgo, receipt, setUpSite, type Site } from '../../../test/support/site';
import { TestLedger } from '../../../test/support/test-ledger';

/** Registrants and storage locations (api-contract.md, section 2). */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RegistrantView: `id` plus the fields of the request (the contract allows more fields). */
const REGISTRANT_FIELDS = [
  'activity',
  'address',
  'deaNumber',
  'id',
  'name',
  'registrationExpiresOn',
  'schedules',
  'timeZone',
];
const contractFields = (view: Record<string, unknown>) =>
  Object.fromEntries(REGISTRANT_FIELDS.filter((k) => k in view).map((k) => [k, view[k]]));

let ledger: TestLedger;
let site: Site;
let serial = 0;

/** A fresh, valid DEA number for each registrant these tests create. */
const freshDea = (letters = 'RT') => deaNumber(letters, String(400000 + ++serial));

function registrant(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Harbor Clinical Research Unit',
    deaNumber: freshDea(),
    activity: 'HOSPITAL_PHARMACY',
    schedules: ['I', 'II'],
    address: { street: '55 Harbor St', city: 'Portland', state: 'ME', postalCode: '04101' },
    registrationExpiresOn: '2028-03-31',
    timeZone: 'America/Chicago',
    ...overrides,
  };
}

async function created(overrides: Record<string, unknown> = {}) {
  const response = await ledger.post('/registrants', site.admin, registrant(overrides));
  expect(response.status).toBe(201);
  return response.body as { id: string } & ReturnType<typeof registrant>;
}

const locations = (rid: string) => `/registrants/${rid}/locations`;

beforeAll(async () => {
  ledger = await TestLedger.start();
  await ledger.app.listen(0, '127.0.0.1');
  site = await setUpSite(ledger);
});
afterAll(() => ledger.close());

describe('POST /registrants', () => {
  it('answers 201 with the RegistrantView: a server UUID plus every field as given', async () => {
    const body = registrant();
    const response = await ledger.post('/registrants', site.admin, body);
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(contractFields(response.body)).toEqual({ id: expect.stringMatching(UUID), ...body });
  });

  it('the RegistrantView carries no internal aggregate state (such as the stream status "registered")', async () => {
    const response = await ledger.post('/registrants', site.admin, registrant());
    expect(response.status).toBe(201);
    expect(Object.keys(response.body).sort()).toEqual(REGISTRANT_FIELDS);
    expect(Object.keys((await ledger.get(`/registrants/${response.body.id}`, site.admin)).body).sort()).toEqual(
      REGISTRANT_FIELDS,
    );
  });

  test.each(['RESEARCHER', 'HOSPITAL_PHARMACY', 'RETAIL_PHARMACY', 'DISTRIBUTOR'])(
    'activity %s is accepted',
    async (activity) => {
      expect((await created({ activity })).activity).toBe(activity);
    },
  );

  test.each(['RS1234564', 'AB1234567', 'AB12345', 'A12345678', 'AB12345678'])(
    'DEA number %p failing the format or check digit → 400',
    async (dea) => {
      expectProblem(
        await ledger.post('/registrants', site.admin, registrant({ deaNumber: dea })),
        400,
        'VALIDATION_FAILED',
        ['deaNumber'],
      );
    },
  );

  it('a DEA number already registered → 409 DUPLICATE, and the first registrant is unchanged', async () => {
    const first = await created();
    const again = await ledger.post(
      '/registrants',
      site.admin,
      registrant({ deaNumber: first.deaNumber, name: 'Impostor' }),
    );
    expectProblem(again, 409, 'DUPLICATE');
    expect((await ledger.get(`/registrants/${first.id}`, site.admin)).body).toEqual(first);
    expectProblem(
      await ledger.post('/registrants', site.admin, registrant({ deaNumber: deaNumber('RS', '123456') })),
      409,
      'DUPLICATE',
    );
  });

  test.each(['Mars/Olympus_Mons', 'EST5', 'New York', ''])('time zone %p → 400', async (timeZone) => {
    const body = registrant({ timeZone });
    expectProblem(await ledger.post('/registrants', site.admin, body), 400, 'VALIDATION_FAILED', ['timeZone']);
    // Nothing was recorded under that DEA number.
    expect((await ledger.post('/registrants', site.admin, { ...body, timeZone: 'America/Denver' })).status).toBe(201);
  });

  test.each([[[]], [['I', 'I']]])('schedules %p → 400', async (schedules) => {
    expectProblem(await ledger.post('/registrants', site.admin, registrant({ schedules })), 400, 'VALIDATION_FAILED', [
      'schedules',
    ]);
  });

  it('a registration that expired in the past is recorded (201), and ledger commands dated after it are refused', async () => {
    const lapsed = await created({ registrationExpiresOn: '2020-01-31', schedules: ['I'] });
    expect(lapsed.registrationExpiresOn).toBe('2020-01-31');
    expect((await ledger.get(`/registrants/${lapsed.id}`, site.admin)).body.registrationExpiresOn).toBe('2020-01-31');

    const vault = await ledger.post(locations(lapsed.id), site.admin, {
      name: 'Vault',
      kind: 'VAULT',
      approvedSchedules: ['I'],
    });
    expect(vault.status).toBe(201);
    const pharmacist = await addUser(ledger, site.admin, `lapsed.pharmacist${serial}`, ['PHARMACIST'], [lapsed.id]);
    const refused = await ledger.post(
      `/registrants/${lapsed.id}/lots`,
      pharmacist,
      receipt({ id: lapsed.id, vault: vault.body.id, clinic: '', cabinet: '' }, { occurredAt: minutesAgo(30) }),
    );
    expectProblem(refused, 409, 'REGISTRATION_EXPIRED');
  });
});

describe('GET /registrants/{rid}', () => {
  test.each(['admin', 'pharmacist', 'investigator', 'compliance', 'regulator'] as const)(
    '%s (admin or member) → 200 RegistrantView',
    async (who) => {
      const response = await ledger.get(`/registrants/${site.id}`, site[who]);
      expect(response.status).toBe(200);
      expect(contractFields(response.body)).toEqual({
        id: site.id,
        name: `Research site ${deaNumber('RS', '123456')}`,
        deaNumber: deaNumber('RS', '123456'),
        activity: 'RESEARCHER',
        schedules: ['I'],
        address: { street: '1 Research Way', city: 'Boston', state: 'MA', postalCode: '02115' },
        registrationExpiresOn: '2099-12-31',
        timeZone: 'America/New_York',
      });
    },
  );

  it('an administrator reads any registrant, including one just created', async () => {
    const other = await created();
    expect((await ledger.get(`/registrants/${other.id}`, site.admin)).body).toEqual(other);
  });

  test.each([
    ['a non-member', () => site.outsider, () => site.id],
    ['a member of the site asking for another registrant', () => site.pharmacist, () => site.other.id],
    ['a regulator of the site asking for another registrant', () => site.regulator, () => site.other.id],
    ['an unknown UUID', () => site.admin, () => randomUUID()],
    ['a non-UUID id', () => site.admin, () => 'RS1234563'],
    ['a non-UUID id (member)', () => site.pharmacist, () => 'not-a-uuid'],
  ])('%s → 404 NOT_FOUND', async (_, token, rid) => {
    expectProblem(await ledger.get(`/registrants/${rid()}`, token()), 404, 'NOT_FOUND');
  });

  it('a non-member gets the same answer as for an id that does not exist', async () => {
    const hidden = await ledger.get(`/registrants/${site.id}`, site.outsider);
    const missing = await ledger.get(`/registrants/${randomUUID()}`, site.outsider);
    const { correlationId: _a, ...a } = hidden.body;
    const { correlationId: _b, ...b } = missing.body;
    expect(a).toEqual(b);
  });
});

describe('storage locations', () => {
  let rid: string;
  beforeAll(async () => {
    rid = (await created({ schedules: ['I', 'II'] })).id;
  });

  it('POST answers 201 {id, name, kind, approvedSchedules}', async () => {
    const response = await ledger.post(locations(rid), site.admin, {
      name: 'Vault B',
      kind: 'VAULT',
      approvedSchedules: ['I', 'II'],
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Vault B',
      kind: 'VAULT',
      approvedSchedules: ['I', 'II'],
    });
    expect(Object.keys(response.body).sort()).toEqual(['approvedSchedules', 'id', 'kind', 'name']);
  });

  test.each(['VAULT', 'SAFE', 'CABINET', 'CLINIC_ROOM'])('kind %s is accepted', async (kind) => {
    const response = await ledger.post(locations(rid), site.admin, {
      name: `Room of kind ${kind}`,
      kind,
      approvedSchedules: [],
    });
    expect(response.status).toBe(201);
    expect(response.body.kind).toBe(kind);
  });

  it('a name already used at the registrant → 409 DUPLICATE; the same name at another registrant is fine', async () => {
    expect(
      (await ledger.post(locations(rid), site.admin, { name: 'Safe 1', kind: 'SAFE', approvedSchedules: ['I'] }))
        .status,
    ).toBe(201);
    const before = (await ledger.get(locations(rid), site.admin)).body;
    expectProblem(
      await ledger.post(locations(rid), site.admin, { name: 'Safe 1', kind: 'CABINET', approvedSchedules: [] }),
      409,
      'DUPLICATE',
    );
    expect((await ledger.get(locations(rid), site.admin)).body).toEqual(before);
    expect(
      (
        await ledger.post(locations(site.other.id), site.admin, {
          name: 'Safe 1',
          kind: 'SAFE',
          approvedSchedules: ['I'],
        })
      ).status,
    ).toBe(201);
  });

  it('approving a schedule the registrant does not hold → 409 SCHEDULE_NOT_REGISTERED, nothing added', async () => {
    const before = (await ledger.get(locations(site.id), site.admin)).body;
    const response = await ledger.post(locations(site.id), site.admin, {
      name: 'Schedule II safe',
      kind: 'SAFE',
      approvedSchedules: ['I', 'II'],
    });
    expectProblem(response, 409, 'SCHEDULE_NOT_REGISTERED');
    expect((await ledger.get(locations(site.id), site.admin)).body).toEqual(before);
  });

  it('GET lists every location, in the order added, for the admin and for members', async () => {
    const fresh = (await created({ schedules: ['I'] })).id;
    const added = [];
    for (const [name, kind, approvedSchedules] of [
      ['Vault', 'VAULT', ['I']],
      ['Clinic room 1', 'CLINIC_ROOM', ['I']],
      ['Cabinet', 'CABINET', []],
    ] as const) {
      const response = await ledger.post(locations(fresh), site.admin, { name, kind, approvedSchedules });
      expect(response.status).toBe(201);
      added.push(response.body);
    }
    const list = await ledger.get(locations(fresh), site.admin);
    expect(list.status).toBe(200);
    expect(list.body).toEqual(added);

    const member = await addUser(ledger, site.admin, `member.${serial}`, ['INVESTIGATOR'], [fresh]);
    expect((await ledger.get(locations(fresh), member)).body).toEqual(added);
  });

  it('GET of a registrant with no locations is an empty list', async () => {
    const bare = (await created()).id;
    const response = await ledger.get(locations(bare), site.admin);
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
  });

  test.each([
    ['a non-member', () => site.outsider, () => site.id],
    ['an unknown registrant', () => site.admin, () => randomUUID()],
    ['a non-UUID registrant id', () => site.admin, () => 'vault'],
  ])('GET for %s → 404 NOT_FOUND', async (_, token, id) => {
    expectProblem(await ledger.get(locations(id()), token()), 404, 'NOT_FOUND');
  });

  test.each([
    ['an unknown registrant', () => randomUUID()],
    ['a non-UUID registrant id', () => 'vault'],
  ])('POST to %s → 404 NOT_FOUND', async (_, id) => {
    expectProblem(
      await ledger.post(locations(id()), site.admin, { name: 'Nowhere', kind: 'SAFE', approvedSchedules: [] }),
      404,
      'NOT_FOUND',
    );
  });

  it('a location id of another registrant is not usable here (404 on receipt)', async () => {
    const response = await ledger.post(
      `/registrants/${site.id}/lots`,
      site.pharmacist,
      receipt(site, { locationId: site.other.vault }),
    );
    expectProblem(response, 404, 'NOT_FOUND');
  });
});
