/**
 * Milligrams from exact integer micrograms. Sums are taken in micrograms (integers, exact) and
 * divided once, so a total never carries the error of adding fractional milligrams
 * (0.1 mg + 0.2 mg is 0.3 mg here, not 0.30000000000000004).
 */
export const ugToMg = (ug: number): number => ug / 1000;

/** The active content of `units` dosage units of `strengthUg` micrograms each, in micrograms. */
export const ugOf = (units: number, strengthUg: number): number => units * strengthUg;

/** The active content of `units` dosage units of `strengthUg` micrograms each, in milligrams. */
export const mgOf = (units: number, strengthUg: number): number => ugToMg(ugOf(units, strengthUg));
