import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@lib/config';
import { createApp } from '../../apps/api/src/app.factory';
import { PasswordHasher } from '../../apps/api/src/auth/passwords';
import { dispenseBody, serve, type Target } from './child';

export interface LedgerTarget extends Target {
  scryptCost: number;
  /** One password verification at that cost, median of 3, on an idle server. */
  kdfMs: number;
}

const LOTS = 50;
const ADMIN_PASSWORD = 'admin-password-for-bench';
const PASSWORD = 'a-long-enough-password';

type Json = Record<string, any>;

/** One request through the whole app (fastify inject: no socket), which must answer `status`. */
async function call(
  app: NestFastifyApplication,
  url: string,
  payload: object,
  token?: string,
  status = 201,
): Promise<Json> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'idempotency-key': randomUUID() },
    payload,
  });
  if (response.statusCode !== status)
    throw new Error(`setup: POST ${url} answered ${response.statusCode} ${response.body}`);
  return response.json();
}

const login = async (app: NestFastifyApplication, username: string, password: string) =>
  (await call(app, '/auth/login', { username, password }, undefined, 200)).accessToken as string;

/** A registrant with a vault, a pharmacist, and LOTS lots with more stock than any run can dispense. */
async function setUp(app: NestFastifyApplication) {
  const admin = await login(app, 'admin', ADMIN_PASSWORD);
  const { id: registrantId } = await call(
    app,
    '/registrants',
    {
      name: 'Benchmark research site',
      deaNumber: 'RS1234563',
      activity: 'RESEARCHER',
      schedules: ['I'],
      address: { street: '1 Research Way', city: 'Boston', state: 'MA', postalCode: '02115' },
      registrationExpiresOn: '2099-12-31',
      timeZone: 'America/New_York',
    },
    admin,
  );
  const { id: vault } = await call(
    app,
    `/registrants/${registrantId}/locations`,
    { name: 'Vault A', kind: 'VAULT', approvedSchedules: ['I'] },
    admin,
  );
  await call(
    app,
    '/users',
    {
      username: 'pat.pharmacist',
      printedName: 'Pat Pharmacist',
      password: PASSWORD,
      roles: ['PHARMACIST'],
      registrantIds: [registrantId],
    },
    admin,
  );
  const pharmacist = await login(app, 'pat.pharmacist', PASSWORD);
  const receipt = {
    product: {
      substanceName: 'MDMA HCl',
      deaDrugCode: '7405',
      schedule: 'I',
      form: 'CAPSULE',
      strengthMg: 20,
      unitsPerContainer: 10,
    },
    lotNumber: 'MDM-24A-017',
    expiresOn: '2099-06-30',
    quantity: 1_000_000_000,
    locationId: vault,
    supplier: { name: 'Sponsor Pharma Distribution', deaNumber: 'PM7654329' },
    order: { form: 'DEA_222', number: '231234567' },
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    signature: { password: PASSWORD },
  };
  const lots = await Promise.all(
    Array.from({ length: LOTS }, () => call(app, `/registrants/${registrantId}/lots`, receipt, pharmacist)),
  );
  return {
    paths: lots.map(({ lot }) => `/api/v1/registrants/${registrantId}/lots/${lot.lotId}/dispensations`),
    headers: { authorization: `Bearer ${pharmacist}` },
    body: dispenseBody(vault, PASSWORD),
  };
}

async function timeKdf(hasher: PasswordHasher): Promise<number> {
  const stored = await hasher.hash(PASSWORD);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    if (!(await hasher.verify(PASSWORD, stored))) throw new Error('the password did not verify');
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[1];
}

/** The real ledger (createApp) on a temporary data directory; argv[2] is its environment as JSON. */
serve(async (): Promise<LedgerTarget> => {
  const config = loadConfig({ ...JSON.parse(process.argv[2]), LEDGER_ADMIN_PASSWORD: ADMIN_PASSWORD });
  const app = await createApp(config);
  const requests = await setUp(app);
  const kdfMs = await timeKdf(app.get(PasswordHasher));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { port, ...requests, scryptCost: config.scrypt.cost, kdfMs };
});
