import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

/** The definition, written the plain way: what the optimised serialiser must always agree with. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => reference(item === undefined ? null : item)).join(',')}]`;
  return `{${Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`)
    .join(',')}}`;
}

describe('canonicalJson', () => {
  it('sorts keys by code unit at every depth, drops undefined members, and writes undefined array items as null', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, undefined, 'x'], c: true }, e: undefined, Z: null })).toBe(
      '{"Z":null,"a":{"c":true,"d":[3,null,"x"]},"b":1}',
    );
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ only: undefined })).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
  });

  it('refuses what JSON cannot carry exactly', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });

  it('agrees with the plain definition on any JSON value, and equal values give equal text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });
});
