import request from 'supertest';
import { expectProblem } from './support/expect-problem';
import { dispensation, minutesAgo, receiveLot, setUpSite, type Site } from '../../../test/support/site';
import { TestLedger } from '../../../test/support/test-ledger';

/** GET /health (api-contract.md, section 5) and the OpenAPI document at /docs and /docs-json. */

/** Every operation of contract sections 1–5, with its documented success status. */
const CONTRACT_OPERATIONS: Array<[method: 'get' | 'post', path: string, status: string]> = [
  ['post', '/api/v1/auth/login', '200'],
  ['post', '/api/v1/users', '201'],
  ['get', '/api/v1/users/me', '200'],
  ['post', '/api/v1/users/{userId}/deactivation', '200'],
  ['post', '/api/v1/registrants', '201'],
  ['get', '/api/v1/registrants/{rid}', '200'],
  ['post', '/api/v1/registrants/{rid}/locations', '201'],
  ['get', '/api/v1/registrants/{rid}/locations', '200'],
  ['post', '/api/v1/registrants/{rid}/lots', '201'],
  ['post', '/api/v1/registrants/{rid}/lots/{lotId}/transfers', '201'],
  ['post', '/api/v1/registrants/{rid}/lots/{lotId}/dispensations', '201'],
  ['post', '/api/v1/registrants/{rid}/lots/{lotId}/dispensations/{dispensationId}/administrations', '201'],
  ['post', '/api/v1/registrants/{rid}/lots/{lotId}/dispensations/{dispensationId}/returns', '201'],
  ['post', '/api/v1/registrants/{rid}/lots/{lotId}/dispensations/{dispensationId}/wastage', '201'],
  ['post', '/api/v1/registrants/{rid}/lots/{lotId}/destructions', '201'],
  ['post', '/api/v1/registrants/{rid}/lots/{lotId}/losses', '201'],
  ['post', '/api/v1/registrants/{rid}/counts', '201'],
  ['get', '/api/v1/registrants/{rid}/lots/{lotId}', '200'],
  ['get', '/api/v1/registrants/{rid}/lots/{lotId}/events', '200'],
  ['get', '/health', '200'],
  ['get', '/health/live', '200'],
  ['get', '/api/v1/registrants/{rid}/lots', '200'],
  ['get', '/api/v1/registrants/{rid}/inventory', '200'],
  ['get', '/api/v1/registrants/{rid}/participants/{participantId}/accountability', '200'],
  ['get', '/api/v1/registrants/{rid}/reconciliation', '200'],
  ['post', '/api/v1/registrants/{rid}/reconciliations', '201'],
  ['get', '/api/v1/registrants/{rid}/reconciliations/{reconciliationId}', '200'],
];

type Operation = {
  security?: Array<Record<string, string[]>>;
  parameters: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, unknown>;
};
type OpenApi = {
  openapi: string;
  info: { title: string; description: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[] }>;
    securitySchemes: Record<string, unknown>;
  };
};

describe('with Redis reachable', () => {
  let ledger: TestLedger;
  let doc: OpenApi;

  beforeAll(async () => {
    ledger = await TestLedger.start();
    const response = await request(ledger.server).get('/docs-json');
    expect(response.status).toBe(200);
    doc = response.body;
  });
  afterAll(() => ledger.close());

  describe('GET /health', () => {
    it('answers 200 without a token: event store up, Redis up, "ok" unless Redis evicts keys', async () => {
      const response = await request(ledger.server).get('/health');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(response.body).sort()).toEqual(['checks', 'status']);
      expect(Object.keys(response.body.checks).sort()).toEqual(['eventStore', 'projections', 'redis']);
      expect(response.body.checks.eventStore).toEqual({ status: 'up' });
      // No worker runs beside this app: the read models hold nothing yet.
      expect(response.body.checks.projections).toEqual({ status: 'rebuilding', checkpoint: null, behind: null });
      expect(response.body.checks.redis).toEqual({ status: 'up', maxmemoryPolicy: expect.any(String) });
      expect(response.body.status).toBe(
        response.body.checks.redis.maxmemoryPolicy === 'noeviction' ? 'ok' : 'degraded',
      );
    });

    it('ignores a bad token (it needs none)', async () => {
      const response = await request(ledger.server).get('/health').set('Authorization', 'Bearer forged.token.value');
      expect(response.status).toBe(200);
    });

    it('sits at the root, not under /api/v1', async () => {
      expectProblem(await request(ledger.server).get('/api/v1/health'), 404, 'NOT_FOUND');
    });
  });

  describe('GET /docs', () => {
    it('answers 200 with the HTML of the OpenAPI UI, without a token', async () => {
      const response = await request(ledger.server).get('/docs');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toMatch(/<html/i);
      expect(response.text).toMatch(/swagger/i);
    });
  });

  describe('GET /docs-json', () => {
    it('is an OpenAPI 3 document describing version 1', async () => {
      const response = await request(ledger.server).get('/docs-json');
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info).toMatchObject({ title: expect.stringMatching(/\S/), version: '1' });
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    });

    test.each(CONTRACT_OPERATIONS)('lists %s %s with its success status %s', (method, path, status) => {
      const operation = doc.paths[path]?.[method];
      expect(operation).toBeDefined();
      expect(Object.keys(operation.responses)).toContain(status);
    });

    it('its description states the cross-cutting rules: Idempotency-Key, problem+json errors, ETag and If-Match', () => {
      expect(doc.info.description).toContain('Idempotency-Key');
      expect(doc.info.description).toContain('application/problem+json');
      expect(doc.info.description).toContain('ETag');
      expect(doc.info.description).toContain('If-Match');
    });

    it('every operation except login, /health, /health/live and the export signing keys requires the bearer token; those require none', () => {
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const open =
            (method === 'post' && path === '/api/v1/auth/login') ||
            path.startsWith('/health') ||
            path === '/api/v1/signing-keys';
          expect({ path, method, security: operation.security ?? [] }).toEqual({
            path,
            method,
            security: open ? [] : [{ bearer: [] }],
          });
        }
      }
    });

    it('every POST documents a required JSON request body with a named schema', () => {
      for (const [path, operations] of Object.entries(doc.paths)) {
        const post = operations.post;
        if (!post) continue;
        expect({
          path,
          required: post.requestBody?.required,
          ref: post.requestBody?.content['application/json']?.schema.$ref,
        }).toEqual({
          path,
          required: true,
          ref: expect.stringMatching(/^#\/components\/schemas\/\w+$/),
        });
      }
    });

    it('every {parameter} of a path is declared as a required path parameter', () => {
      for (const [path, operations] of Object.entries(doc.paths)) {
        const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        for (const operation of Object.values(operations)) {
          const declared = operation.parameters.filter((p) => p.in === 'path' && p.required).map((p) => p.name);
          expect({ path, declared: declared.sort() }).toEqual({ path, declared: [...names].sort() });
        }
      }
    });

    it('every $ref resolves to a schema of the document (nested bodies: product, supplier, signature, witnesses, lines, address)', () => {
      const refs: string[] = [];
      const walk = (node: unknown, at: string) => {
        if (node === null || typeof node !== 'object') return;
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref') refs.push(`${at} -> ${String(value)}`);
          else walk(value, `${at}/${key}`);
        }
      };
      walk(doc, '#');
      expect(refs.length).toBeGreaterThan(0);
      const dangling = refs.filter((ref) => {
        const name = /-> #\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
        return !name || !doc.components.schemas[name];
      });
      expect(dangling).toEqual([]);
    });

    it('request schemas carry the contract constraints (required fields, quantity and session bounds, enums)', () => {
      const schemas = doc.components.schemas;
      expect(schemas.ReceiveLotRequest.required?.slice().sort()).toEqual(
        ['expiresOn', 'locationId', 'lotNumber', 'occurredAt', 'product', 'quantity', 'signature', 'supplier'].sort(),
      );
      const dispense = schemas.DispenseRequest.properties ?? {};
      expect(dispense.quantity).toMatchObject({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
      expect(dispense.session).toMatchObject({ type: 'integer', minimum: 1, maximum: 20 });
      expect(dispense.doseType).toMatchObject({ enum: ['INITIAL', 'SUPPLEMENTAL'] });
      expect(dispense.participantId).toMatchObject({ minLength: 1, maxLength: 64 });
      expect(dispense.occurredAt).toMatchObject({ type: 'string', format: 'date-time' });
      expect(schemas.CreateUserRequest.properties?.password).toMatchObject({ minLength: 12 });
      expect(schemas.CreateUserRequest.properties?.username).toMatchObject({ minLength: 3, maxLength: 64 });
      expect(schemas.AddLocationRequest.properties?.kind).toMatchObject({
        enum: ['VAULT', 'SAFE', 'CABINET', 'CLINIC_ROOM', 'QUARANTINE', 'DISPOSAL'],
      });
      expect(schemas.LossRequest.properties?.kind).toMatchObject({
        enum: ['THEFT', 'LOSS', 'BREAKAGE_UNRECOVERABLE', 'OTHER'],
      });
    });
  });
});

describe('with Redis unreachable', () => {
  let ledger: TestLedger;
  let site: Site;

  beforeAll(async () => {
    ledger = await TestLedger.start({ REDIS_URL: 'redis://127.0.0.1:1' });
    site = await setUpSite(ledger);
  });
  afterAll(() => ledger.close());

  it('GET /health answers 200 "degraded": Redis down, event store up (twice: also once the client is reconnecting)', async () => {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const response = await request(ledger.server).get('/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        status: 'degraded',
        checks: { eventStore: { status: 'up' }, redis: { status: 'down' }, projections: { status: 'down' } },
      });
    }
  });

  it('ledger commands and reads still succeed', async () => {
    const lotId = await receiveLot(ledger, site);
    const dispensed = await ledger.post(
      `/registrants/${site.id}/lots/${lotId}/dispensations`,
      site.pharmacist,
      dispensation(site, { occurredAt: minutesAgo(5) }),
    );
    expect(dispensed.status).toBe(201);
    const administered = await ledger.post(
      `/registrants/${site.id}/lots/${lotId}/dispensations/${dispensed.body.dispensationId}/administrations`,
      site.investigator,
      { quantity: 4, occurredAt: minutesAgo(2), signature: { password: 'a-long-enough-password' } },
    );
    expect(administered.status).toBe(201);
    const view = await ledger.get(`/registrants/${site.id}/lots/${lotId}`, site.regulator);
    expect(view.status).toBe(200);
    expect(view.body.totals).toMatchObject({ received: 100, dispensed: 4, administered: 4 });
    expect((await request(ledger.server).get('/health')).body.status).toBe('degraded');
  });
});
