import type { Response } from 'supertest';

/** The keys every problem body has (api-contract.md, section 0, "Errors"). */
const PROBLEM_KEYS = ['code', 'correlationId', 'detail', 'status', 'title', 'type'];

/** What must never reach a client: stack frames, source paths, SQL, internal class names. */
const LEAKS: RegExp[] = [
  /Error:/,
  /(\n|\\n)\s*at /,
  /\bat \S+ \(.*:\d+:\d+\)/,
  /node_modules/,
  /\.ts\b/,
  /SQLITE/i,
  /\b(LedgerError|ApiError|HttpException|BadRequestException|ValidationError|TypeError|ReferenceError|FST_[A-Z_]+)\b/,
];

export function expectNoInternals(text: string): void {
  for (const leak of LEAKS)
    expect({ leak: String(leak), matched: leak.test(text) }).toEqual({ leak: String(leak), matched: false });
}

/**
 * Asserts an `application/problem+json` answer with exactly the contract's keys. For
 * VALIDATION_FAILED, `fields` (when given) is the exact set of field paths in `errors`.
 */
export function expectProblem(response: Response, status: number, code: string, fields?: string[]): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json(;|$)/);
  const body = response.body as Record<string, unknown>;
  const withErrors = code === 'VALIDATION_FAILED';
  expect(Object.keys(body).sort()).toEqual(withErrors ? [...PROBLEM_KEYS, 'errors'].sort() : PROBLEM_KEYS);
  expect(body).toMatchObject({
    type: expect.stringMatching(/\S/),
    title: expect.stringMatching(/\S/),
    status,
    code,
    detail: expect.stringMatching(/\S/),
    correlationId: expect.stringMatching(/\S/),
  });
  if (response.headers['x-correlation-id']) expect(body.correlationId).toBe(response.headers['x-correlation-id']);
  if (withErrors) {
    const errors = body.errors as Array<Record<string, unknown>>;
    expect(Array.isArray(errors) && errors.length > 0).toBe(true);
    for (const error of errors) {
      expect(Object.keys(error).sort()).toEqual(['field', 'message']);
      expect(error).toEqual({ field: expect.stringMatching(/\S/), message: expect.stringMatching(/\S/) });
    }
    if (fields) expect([...new Set(errors.map((e) => e.field as string))].sort()).toEqual([...fields].sort());
  }
  expectNoInternals(response.text);
}
