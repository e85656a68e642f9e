import { mgOf, ugOf, ugToMg } from './milligrams';

describe('milligrams from integer micrograms', () => {
  it('gives 4 capsules of 20 mg (20 000 µg) as 80 mg', () => {
    expect([ugOf(4, 20_000), mgOf(4, 20_000)]).toEqual([80_000, 80]);
  });

  it('keeps sub-milligram strengths exact: 3 × 12.345 mg is 37.035 mg', () => {
    expect(mgOf(3, 12_345)).toBe(37.035);
  });

  it('sums in micrograms: 0.1 mg + 0.2 mg is 0.3 mg, where adding milligrams would not be', () => {
    expect(ugToMg(ugOf(1, 100) + ugOf(1, 200))).toBe(0.3);
    expect(mgOf(1, 100) + mgOf(1, 200)).not.toBe(0.3);
  });
});
