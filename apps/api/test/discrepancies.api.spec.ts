import { randomUUID } from 'node:crypto';
import type { Finding } from '@lib/ledger';
import { escalateCase, flagCase, hoursFromNow, shortage } from '../../../test/support/cases';
import { expectProblem } from './support/expect-problem';
import { addUser, minutesAgo, receiveLot, setUpSite, signed, type Site } from '../../../test/support/site';
import { TestLedger } from '../../../test/support/test-ledger';

/**
 * Discrepancy cases through the API (issue 5): the list most urgent first, a case with its
 * history, and the signed acts on it. Cases are flagged straight into the app's store, as the
 * worker would flag them.
 */

let ledger: TestLedger;
let site: Site;
let lotId: string;
/** A compliance officer of `site.other` only, where the listed cases are. */
let lena: string;
let complianceId: string;

const WRONG_PASSWORD = { signature: { password: 'not-the-password' } };

const cases = (rid = site.id) => `/registrants/${rid}/discrepancies`;
const flag = (overrides: Partial<Finding> = {}, rid = site.id) => flagCase(ledger, shortage(rid, overrides));
const ids = (body: { items: { caseId: string }[] }) => body.items.map((item) => item.caseId);

/** The types of the case's events, as a member reads them. */
async function historyOf(caseId: string): Promise<string[]> {
  const response = await ledger.get(`${cases()}/${caseId}`, site.compliance);
  expect(response.status).toBe(200);
  return response.body.history.map((event: { type: string }) => event.type);
}

const acknowledgement = (note?: string) => ({ ...(note === undefined ? {} : { note }), ...signed });
const resolution = (overrides: object = {}) => ({
  code: 'FOUND',
  notes: 'Two capsules found in the return tray after a recount.',
  ...signed,
  ...overrides,
});
const deaNotice = (overrides: object = {}) => ({
  sentAt: minutesAgo(5),
  office: 'DEA New England Field Division, Boston',
  method: 'EMAIL',
  ...signed,
  ...overrides,
});
const form106 = (overrides: object = {}) => ({
  confirmationNumber: 'TLR-26-004417',
  filedAt: minutesAgo(4),
  ...signed,
  ...overrides,
});

beforeAll(async () => {
  ledger = await TestLedger.start();
  site = await setUpSite(ledger);
  lotId = await receiveLot(ledger, site, { occurredAt: minutesAgo(120) });
  lena = await addUser(ledger, site.admin, 'lena.listing', ['COMPLIANCE_OFFICER'], [site.other.id]);
  complianceId = (await ledger.get('/users/me', site.compliance)).body.id;
});
afterAll(() => ledger.close());

describe('GET /discrepancies: most urgent first, filtered, in pages', () => {
  /** The other registrant's cases, named for what sets their place in the list. */
  const listed: Record<string, string> = {};
  const later = (hours: number, kind: 'RESOLUTION' | 'DEA_NOTICE' = 'RESOLUTION') => ({
    kind,
    dueAt: hoursFromNow(hours),
    regulation: 'Site policy',
  });

  beforeAll(async () => {
    const rid = site.other.id;
    const at = (minutes: number) => minutesAgo(minutes);
    // One due time for three cases: severity, then the flagging time, set their order.
    const dueTogether = later(30);
    listed.overdue = await flagCase(
      ledger,
      shortage(rid, { severity: 'LOW', deadlines: [later(-2), later(40 * 24, 'DEA_NOTICE')] }),
      at(30),
    );
    await escalateCase(ledger, listed.overdue, rid, 'RESOLUTION');
    listed.theft = await flagCase(
      ledger,
      shortage(rid, {
        rule: 'THEFT_OR_LOSS',
        severity: 'CRITICAL',
        summary: 'Theft of 1 capsule',
        deadlines: [later(20, 'DEA_NOTICE')],
      }),
      at(25),
    );
    listed.overage = await flagCase(ledger, shortage(rid, { severity: 'MEDIUM', deadlines: [dueTogether] }), at(20));
    listed.overageFlaggedLater = await flagCase(
      ledger,
      shortage(rid, { severity: 'MEDIUM', deadlines: [dueTogether] }),
      at(10),
    );
    listed.expired = await flagCase(
      ledger,
      shortage(rid, { rule: 'EXPIRED_STOCK', severity: 'LOW', deadlines: [dueTogether] }),
      at(40),
    );
    listed.resolved = await flagCase(ledger, shortage(rid, { deadlines: [later(-1)] }), at(50));
    const closed = await ledger.post(`${cases(rid)}/${listed.resolved}/resolution`, lena, resolution());
    expect(closed.status).toBe(201);
  });

  const URGENCY = ['overdue', 'theft', 'overage', 'overageFlaggedLater', 'expired', 'resolved'];
  const named = (...names: string[]) => names.map((name) => listed[name]);
  const list = async (query = '', token = site.outsider) => {
    const response = await ledger.get(`${cases(site.other.id)}${query ? `?${query}` : ''}`, token);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('lists every case: overdue first, then by the earliest outstanding deadline, severity, flagging time; closed last', async () => {
    const page = await list();
    expect(ids(page)).toEqual(named(...URGENCY));
    expect(page.nextCursor).toBeNull();
  });

  it('shows each case with its status, deadlines (met, outstanding, overdue, escalated) and next due time', async () => {
    const [overdue, theft] = (await list()).items;
    expect(Object.keys(overdue).sort()).toEqual(
      [
        'caseId',
        'rule',
        'subject',
        'status',
        'severity',
        'summary',
        'figures',
        'lotId',
        'locationId',
        'discoveredAt',
        'flaggedAt',
        'regulation',
        'deadlines',
        'nextDueAt',
        'acknowledged',
        'resolution',
        'evidence',
      ].sort(),
    );
    expect(overdue).toMatchObject({
      caseId: listed.overdue,
      rule: 'COUNT_VARIANCE',
      status: 'overdue',
      severity: 'LOW',
      figures: { bookUnits: 100, countedUnits: 98, variance: -2 },
      acknowledged: false,
      resolution: null,
      deadlines: [
        { kind: 'RESOLUTION', met: false, outstanding: true, overdue: true, escalated: true },
        { kind: 'DEA_NOTICE', met: false, outstanding: true, overdue: false, escalated: false },
      ],
    });
    expect(overdue.nextDueAt).toBe(overdue.deadlines[0].dueAt);
    expect(theft).toMatchObject({ rule: 'THEFT_OR_LOSS', status: 'open', severity: 'CRITICAL' });
  });

  it('filters by status: open is every case not closed (overdue ones included), overdue, resolved', async () => {
    expect(ids(await list('status=open'))).toEqual(named(...URGENCY.slice(0, 5)));
    expect(ids(await list('status=overdue'))).toEqual(named('overdue'));
    expect(ids(await list('status=resolved'))).toEqual(named('resolved'));
  });

  it('filters by rule, alone or with a status', async () => {
    expect(ids(await list('rule=THEFT_OR_LOSS'))).toEqual(named('theft'));
    expect(ids(await list('rule=COUNT_VARIANCE&status=open'))).toEqual(
      named('overdue', 'overage', 'overageFlaggedLater'),
    );
    expect(ids(await list('rule=CONTINUING_PATTERN'))).toEqual([]);
  });

  it('pages with limit and the cursor of the previous page', async () => {
    const first = await list('limit=2');
    expect([ids(first), first.nextCursor]).toEqual([named('overdue', 'theft'), listed.theft]);
    const second = await list(`limit=2&cursor=${first.nextCursor}`);
    expect([ids(second), second.nextCursor]).toEqual([
      named('overage', 'overageFlaggedLater'),
      listed.overageFlaggedLater,
    ]);
    const last = await list(`limit=2&cursor=${second.nextCursor}`);
    expect([ids(last), last.nextCursor]).toEqual([named('expired', 'resolved'), null]);
    const open = await list(`status=open&limit=4`);
    expect([ids(open), open.nextCursor]).toEqual([named(...URGENCY.slice(0, 4)), listed.overageFlaggedLater]);
    expect(await list(`status=open&limit=4&cursor=${open.nextCursor}`)).toEqual({
      items: [expect.objectContaining({ caseId: listed.expired })],
      nextCursor: null,
    });
  });

  it('refuses unknown parameters and bad values (400 VALIDATION_FAILED)', async () => {
    for (const [query, field] of [
      ['status=closed', 'status'],
      ['rule=SHRINKAGE', 'rule'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['cursor=not-a-case', 'cursor'],
      ['sort=severity', 'sort'],
    ]) {
      const response = await ledger.get(`${cases(site.other.id)}?${query}`, site.outsider);
      expectProblem(response, 400, 'VALIDATION_FAILED', [field]);
    }
  });

  it('is read by every role of the registrant but the administrator; not by members of another registrant', async () => {
    expect(ids(await list('', lena))).toEqual(named(...URGENCY));
    for (const token of [site.pharmacist, site.compliance, site.regulator]) {
      expectProblem(await ledger.get(cases(site.other.id), token), 404, 'NOT_FOUND');
    }
    expectProblem(await ledger.get(cases(site.other.id), site.admin), 403, 'FORBIDDEN');
  });

  it("lists only the registrant's own cases", async () => {
    const own = await flag();
    const response = await ledger.get(`${cases()}?limit=200`, site.regulator);
    expect(response.status).toBe(200);
    expect(ids(response.body)).toContain(own);
    expect(ids(response.body)).not.toContain(listed.theft);
  });
});

describe('GET /discrepancies/{caseId}: the case and its history', () => {
  it('gives every event of the case: type, times, actor, signatures and data', async () => {
    const caseId = await flag({ lotId, evidence: [randomUUID()] });
    expect(
      (await ledger.post(`${cases()}/${caseId}/acknowledgement`, site.pharmacist, acknowledgement('On it.'))).status,
    ).toBe(201);
    const sentAt = minutesAgo(5);
    expect((await ledger.post(`${cases()}/${caseId}/dea-notice`, site.compliance, deaNotice({ sentAt }))).status).toBe(
      201,
    );
    const response = await ledger.get(`${cases()}/${caseId}`, site.investigator);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ caseId, lotId, status: 'open', acknowledged: true });
    const [flagged, acknowledged, notice] = response.body.history;
    expect(response.body.history).toHaveLength(3);
    expect(flagged).toMatchObject({
      type: 'DiscrepancyFlagged',
      revision: 0,
      actor: { userId: 'system', printedName: 'System', role: 'SYSTEM' },
      signatures: [],
      data: { caseId, rule: 'COUNT_VARIANCE', severity: 'HIGH', registrantId: site.id },
    });
    expect(acknowledged).toMatchObject({
      type: 'DiscrepancyAcknowledged',
      revision: 1,
      actor: { printedName: 'pat.pharmacist (printed)', role: 'PHARMACIST' },
      signatures: [{ printedName: 'pat.pharmacist (printed)', meaning: 'REVIEW' }],
      data: { caseId, note: 'On it.' },
      late: false,
    });
    expect(acknowledged.signatures[0]).toEqual({
      userId: expect.any(String),
      printedName: 'pat.pharmacist (printed)',
      meaning: 'REVIEW',
      signedAt: acknowledged.recordedAt,
      payloadHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(notice).toMatchObject({
      type: 'DeaNoticeSent',
      occurredAt: sentAt,
      actor: { printedName: 'cora.compliance (printed)', role: 'COMPLIANCE_OFFICER' },
      signatures: [{ printedName: 'cora.compliance (printed)', meaning: 'RESPONSIBILITY' }],
      data: { caseId, sentAt, office: 'DEA New England Field Division, Boston', method: 'EMAIL' },
    });
    for (const event of response.body.history) {
      expect(Object.keys(event).sort()).toEqual(
        ['eventId', 'type', 'revision', 'occurredAt', 'recordedAt', 'late', 'actor', 'signatures', 'data'].sort(),
      );
    }
  });

  it('answers 404 for an unknown case, a path id that is no UUID, and a case of another registrant', async () => {
    const theirs = await flag({}, site.other.id);
    const ours = await flag();
    expectProblem(await ledger.get(`${cases()}/${randomUUID()}`, site.compliance), 404, 'NOT_FOUND');
    expectProblem(await ledger.get(`${cases()}/case-1`, site.compliance), 404, 'NOT_FOUND');
    expectProblem(await ledger.get(`${cases()}/${theirs}`, site.compliance), 404, 'NOT_FOUND');
    expectProblem(await ledger.get(`${cases(site.other.id)}/${ours}`, lena), 404, 'NOT_FOUND');
    expectProblem(await ledger.get(`${cases()}/${ours}`, lena), 404, 'NOT_FOUND');
    expect((await ledger.get(`${cases(site.other.id)}/${theirs}`, lena)).status).toBe(200);
  });

  it('is not for the administrator (403)', async () => {
    expectProblem(await ledger.get(`${cases()}/${await flag()}`, site.admin), 403, 'FORBIDDEN');
  });
});

describe('POST /discrepancies/{caseId}/acknowledgement', () => {
  it('the compliance officer or a pharmacist acknowledges, with or without a note (201, the case)', async () => {
    for (const [token, role, note] of [
      [site.compliance, 'COMPLIANCE_OFFICER', 'Recount at opening.'],
      [site.pharmacist, 'PHARMACIST', undefined],
    ] as const) {
      const caseId = await flag();
      const response = await ledger.post(`${cases()}/${caseId}/acknowledgement`, token, acknowledgement(note));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ caseId, acknowledged: true, status: 'open' });
      expect(response.body.history[1]).toMatchObject({
        type: 'DiscrepancyAcknowledged',
        actor: { role },
        data: { caseId, note: note ?? null },
      });
    }
  });

  it('acknowledges once (409 DUPLICATE) and not after the resolution (409 CASE_RESOLVED)', async () => {
    const caseId = await flag();
    expect((await ledger.post(`${cases()}/${caseId}/acknowledgement`, site.pharmacist, acknowledgement())).status).toBe(
      201,
    );
    expectProblem(
      await ledger.post(`${cases()}/${caseId}/acknowledgement`, site.compliance, acknowledgement()),
      409,
      'DUPLICATE',
    );
    const resolvedId = await flag();
    expect((await ledger.post(`${cases()}/${resolvedId}/resolution`, site.compliance, resolution())).status).toBe(201);
    expectProblem(
      await ledger.post(`${cases()}/${resolvedId}/acknowledgement`, site.pharmacist, acknowledgement()),
      409,
      'CASE_RESOLVED',
    );
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged', 'DiscrepancyAcknowledged']);
    expect(await historyOf(resolvedId)).toEqual(['DiscrepancyFlagged', 'DiscrepancyResolved']);
  });

  it('refuses an investigator and the regulator (403), and a wrong password (422 SIGNATURE_INVALID); nothing written', async () => {
    const caseId = await flag();
    for (const token of [site.investigator, site.regulator, site.admin]) {
      expectProblem(
        await ledger.post(`${cases()}/${caseId}/acknowledgement`, token, acknowledgement()),
        403,
        'FORBIDDEN',
      );
    }
    expectProblem(
      await ledger.post(`${cases()}/${caseId}/acknowledgement`, site.pharmacist, WRONG_PASSWORD),
      422,
      'SIGNATURE_INVALID',
    );
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged']);
  });

  it('refuses a bad body (400 VALIDATION_FAILED) and a missing Idempotency-Key (400); nothing written', async () => {
    const caseId = await flag();
    const path = `${cases()}/${caseId}/acknowledgement`;
    for (const [body, fields] of [
      [{ note: 'No signature' }, ['signature']],
      [{ ...signed, note: '' }, ['note']],
      [{ ...signed, note: 'x'.repeat(2001) }, ['note']],
      [{ ...signed, note: 7 }, ['note']],
      [{ ...signed, caseId }, ['caseId']],
      [{ signature: { password: '' } }, ['signature.password']],
    ] as const) {
      expectProblem(await ledger.post(path, site.pharmacist, body), 400, 'VALIDATION_FAILED', [...fields]);
    }
    const noKey = await ledger.post(path, site.pharmacist, acknowledgement(), { 'Idempotency-Key': '' });
    expectProblem(noKey, 400, 'IDEMPOTENCY_KEY_REQUIRED');
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged']);
  });

  it('replays the first answer for the same key and body (Idempotent-Replayed), writing nothing new', async () => {
    const caseId = await flag();
    const key = { 'Idempotency-Key': `ack-${caseId}` };
    const first = await ledger.post(`${cases()}/${caseId}/acknowledgement`, site.pharmacist, acknowledgement('A'), key);
    const again = await ledger.post(`${cases()}/${caseId}/acknowledgement`, site.pharmacist, acknowledgement('A'), key);
    expect([first.status, again.status, again.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect(again.body).toEqual(first.body);
    const changed = await ledger.post(
      `${cases()}/${caseId}/acknowledgement`,
      site.pharmacist,
      acknowledgement('B'),
      key,
    );
    expectProblem(changed, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged', 'DiscrepancyAcknowledged']);
  });
});

describe('POST /discrepancies/{caseId}/resolution', () => {
  it('a compliance officer who took no part resolves a variance as FOUND: closed, its DEA deadlines discharged', async () => {
    const caseId = await flag({ involvedUserIds: [randomUUID()] });
    const response = await ledger.post(`${cases()}/${caseId}/resolution`, site.compliance, resolution());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'resolved',
      nextDueAt: null,
      resolution: { code: 'FOUND', notes: resolution().notes, reference: null },
      deadlines: [
        { kind: 'RESOLUTION', met: true, outstanding: false },
        { kind: 'DEA_NOTICE', met: false, outstanding: false, overdue: false },
        { kind: 'FORM_106', met: false, outstanding: false, overdue: false },
      ],
    });
    expect(response.body.history[1]).toMatchObject({
      type: 'DiscrepancyResolved',
      signatures: [{ printedName: 'cora.compliance (printed)', meaning: 'APPROVAL' }],
    });
  });

  it('converts a variance to the loss reported on its lot (CONVERTED_TO_LOSS names the LossReported)', async () => {
    const loss = await ledger.post(`/registrants/${site.id}/lots/${lotId}/losses`, site.pharmacist, {
      locationId: site.vault,
      quantity: 2,
      kind: 'LOSS',
      discoveredAt: minutesAgo(3),
      description: 'The 2 capsules the count missed could not be found.',
      occurredAt: minutesAgo(3),
      ...signed,
    });
    expect(loss.status).toBe(201);
    const [lossEventId] = loss.body.eventIds;
    const caseId = await flag({ lotId, locationId: site.vault });
    const response = await ledger.post(
      `${cases()}/${caseId}/resolution`,
      site.compliance,
      resolution({ code: 'CONVERTED_TO_LOSS', referenceEventId: lossEventId }),
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'resolved',
      resolution: { code: 'CONVERTED_TO_LOSS', reference: { eventId: lossEventId, type: 'LossReported' } },
    });
  });

  it('refuses what a code must name but does not (400 on referenceEventId); nothing written', async () => {
    const lotEvents = (await ledger.get(`/registrants/${site.id}/lots/${lotId}/events`, site.compliance)).body;
    const receivedId = lotEvents[0].eventId;
    const caseId = await flag({ lotId, locationId: site.vault });
    for (const body of [
      resolution({ code: 'DOCUMENTATION_ERROR' }),
      resolution({ code: 'DOCUMENTATION_ERROR', referenceEventId: receivedId }),
      resolution({ code: 'CONVERTED_TO_LOSS', referenceEventId: receivedId }),
      resolution({ code: 'CONVERTED_TO_LOSS', referenceEventId: randomUUID() }),
      resolution({ code: 'FOUND', referenceEventId: receivedId }),
      resolution({ code: 'UNRESOLVED_MINOR', referenceEventId: randomUUID() }),
    ]) {
      const response = await ledger.post(`${cases()}/${caseId}/resolution`, site.compliance, body);
      expectProblem(response, 400, 'VALIDATION_FAILED', ['referenceEventId']);
    }
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged']);
  });

  it('refuses a bad body (400 VALIDATION_FAILED); nothing written', async () => {
    const caseId = await flag();
    for (const [body, fields] of [
      [resolution({ notes: '   ' }), ['notes']],
      [resolution({ notes: undefined }), ['notes']],
      [resolution({ code: 'LOST_IN_THE_MAIL' }), ['code']],
      [resolution({ referenceEventId: 'event-1', code: 'DOCUMENTATION_ERROR' }), ['referenceEventId']],
      [resolution({ reference: null }), ['reference']],
    ] as const) {
      const response = await ledger.post(`${cases()}/${caseId}/resolution`, site.compliance, body);
      expectProblem(response, 400, 'VALIDATION_FAILED', [...fields]);
    }
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged']);
  });

  it('refuses the compliance officer whose own transaction is in question (422 RESOLVER_INVOLVED)', async () => {
    const caseId = await flag({ involvedUserIds: [complianceId] });
    const response = await ledger.post(`${cases()}/${caseId}/resolution`, site.compliance, resolution());
    expectProblem(response, 422, 'RESOLVER_INVOLVED');
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged']);
  });

  it('resolves once (409 CASE_RESOLVED); only a compliance officer (403); a wrong password (422)', async () => {
    const caseId = await flag();
    expectProblem(
      await ledger.post(`${cases()}/${caseId}/resolution`, site.compliance, resolution(WRONG_PASSWORD)),
      422,
      'SIGNATURE_INVALID',
    );
    for (const token of [site.pharmacist, site.investigator, site.regulator, site.admin]) {
      expectProblem(await ledger.post(`${cases()}/${caseId}/resolution`, token, resolution()), 403, 'FORBIDDEN');
    }
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged']);
    expect((await ledger.post(`${cases()}/${caseId}/resolution`, site.compliance, resolution())).status).toBe(201);
    expectProblem(
      await ledger.post(`${cases()}/${caseId}/resolution`, site.compliance, resolution({ code: 'UNRESOLVED_MINOR' })),
      409,
      'CASE_RESOLVED',
    );
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged', 'DiscrepancyResolved']);
  });

  it('scenario 36: a resolved theft still owes DEA: open until the notice and Form 106 are recorded', async () => {
    const caseId = await flag({
      rule: 'THEFT_OR_LOSS',
      severity: 'CRITICAL',
      deadlines: shortage(site.id).deadlines.filter((d) => d.kind !== 'RESOLUTION'),
    });
    const resolved = await ledger.post(`${cases()}/${caseId}/resolution`, site.compliance, resolution());
    expect(resolved.body).toMatchObject({ status: 'open', resolution: { code: 'FOUND' } });
    expect(resolved.body.deadlines.map((d: { outstanding: boolean }) => d.outstanding)).toEqual([true, true]);
    await ledger.post(`${cases()}/${caseId}/dea-notice`, site.compliance, deaNotice());
    const filed = await ledger.post(`${cases()}/${caseId}/form-106`, site.compliance, form106());
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'resolved', nextDueAt: null });
  });
});

describe.each([
  {
    route: 'dea-notice',
    kind: 'DEA_NOTICE',
    type: 'DeaNoticeSent',
    field: 'sentAt',
    body: deaNotice,
    data: { office: 'DEA New England Field Division, Boston', method: 'EMAIL' },
  },
  {
    route: 'form-106',
    kind: 'FORM_106',
    type: 'Form106Filed',
    field: 'filedAt',
    body: form106,
    data: { confirmationNumber: 'TLR-26-004417' },
  },
])('POST /discrepancies/{caseId}/$route', ({ route, kind, type, field, body, data }) => {
  it('records it, meeting that deadline; the time is given with an offset and kept in UTC', async () => {
    const caseId = await flag();
    const when = new Date(Date.now() - 10 * 60_000);
    const withOffset = new Date(when.getTime() - 5 * 3_600_000).toISOString().replace('Z', '-05:00');
    const response = await ledger.post(`${cases()}/${caseId}/${route}`, site.compliance, body({ [field]: withOffset }));
    expect(response.status).toBe(201);
    const deadline = response.body.deadlines.find((d: { kind: string }) => d.kind === kind);
    expect(deadline).toMatchObject({ met: true, outstanding: false, overdue: false });
    expect(response.body.status).toBe('open');
    expect(response.body.history[1]).toMatchObject({
      type,
      occurredAt: when.toISOString(),
      data: { caseId, [field]: when.toISOString(), ...data },
      signatures: [{ meaning: 'RESPONSIBILITY' }],
    });
  });

  it('records it once (409 DUPLICATE), and only for a case that owes it (409 NOT_REPORTABLE)', async () => {
    const caseId = await flag();
    expect((await ledger.post(`${cases()}/${caseId}/${route}`, site.compliance, body())).status).toBe(201);
    expectProblem(await ledger.post(`${cases()}/${caseId}/${route}`, site.compliance, body()), 409, 'DUPLICATE');
    const overage = await flag({ severity: 'MEDIUM', deadlines: shortage(site.id).deadlines.slice(0, 1) });
    expectProblem(await ledger.post(`${cases()}/${overage}/${route}`, site.compliance, body()), 409, 'NOT_REPORTABLE');
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged', type]);
    expect(await historyOf(overage)).toEqual(['DiscrepancyFlagged']);
  });

  it(`refuses a ${field} before the discovery (400) or in the future (422 OCCURRED_IN_FUTURE), and a bad body (400)`, async () => {
    const caseId = await flag({ discoveredAt: minutesAgo(30) });
    const post = (b: object) => ledger.post(`${cases()}/${caseId}/${route}`, site.compliance, b);
    expectProblem(await post(body({ [field]: minutesAgo(31) })), 400, 'VALIDATION_FAILED', [field]);
    expectProblem(await post(body({ [field]: hoursFromNow(1) })), 422, 'OCCURRED_IN_FUTURE');
    expectProblem(await post(body({ [field]: '2026-02-30T10:00:00Z' })), 400, 'VALIDATION_FAILED', [field]);
    expectProblem(await post(body({ [field]: '2026-03-02 10:00' })), 400, 'VALIDATION_FAILED', [field]);
    const required = Object.keys(body()).filter((key) => key !== 'signature');
    for (const missing of required) {
      expectProblem(await post(body({ [missing]: undefined })), 400, 'VALIDATION_FAILED', [missing]);
    }
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged']);
  });

  it('only a compliance officer (403); a wrong password (422 SIGNATURE_INVALID); nothing written', async () => {
    const caseId = await flag();
    for (const token of [site.pharmacist, site.investigator, site.regulator, site.admin]) {
      expectProblem(await ledger.post(`${cases()}/${caseId}/${route}`, token, body()), 403, 'FORBIDDEN');
    }
    expectProblem(
      await ledger.post(`${cases()}/${caseId}/${route}`, site.compliance, body(WRONG_PASSWORD)),
      422,
      'SIGNATURE_INVALID',
    );
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged']);
  });

  it('replays the first answer for the same key and body', async () => {
    const caseId = await flag();
    const key = { 'Idempotency-Key': `${route}-${caseId}` };
    const sent = body();
    const first = await ledger.post(`${cases()}/${caseId}/${route}`, site.compliance, sent, key);
    const again = await ledger.post(`${cases()}/${caseId}/${route}`, site.compliance, sent, key);
    expect([first.status, again.status, again.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect(again.body).toEqual(first.body);
    expect(await historyOf(caseId)).toEqual(['DiscrepancyFlagged', type]);
  });
});

describe('every act on a case not found under the path → 404 NOT_FOUND, nothing written', () => {
  const ACTS = [
    ['acknowledgement', () => acknowledgement()],
    ['resolution', () => resolution()],
    ['dea-notice', () => deaNotice()],
    ['form-106', () => form106()],
  ] as const;

  test.each(ACTS)('%s', async (route, body) => {
    const ours = await flag();
    const theirs = await flag({}, site.other.id);
    // An unknown case, a path id that is no UUID, and a case of another registrant under this one.
    for (const caseId of [randomUUID(), 'case-1', theirs]) {
      expectProblem(await ledger.post(`${cases()}/${caseId}/${route}`, site.compliance, body()), 404, 'NOT_FOUND');
    }
    // A member of another registrant, under their own registrant and under this one.
    expectProblem(await ledger.post(`${cases(site.other.id)}/${ours}/${route}`, lena, body()), 404, 'NOT_FOUND');
    expectProblem(await ledger.post(`${cases()}/${ours}/${route}`, lena, body()), 404, 'NOT_FOUND');
    expect(await historyOf(ours)).toEqual(['DiscrepancyFlagged']);
    const theirHistory = await ledger.get(`${cases(site.other.id)}/${theirs}`, lena);
    expect(theirHistory.body.history).toHaveLength(1);
  });
});
