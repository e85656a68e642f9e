/** DEA controlled-substance schedules. */
export const SCHEDULES = ['I', 'II', 'III', 'IV', 'V'] as const;
export type Schedule = (typeof SCHEDULES)[number];

/** Schedules I and II are ordered on DEA Form 222 or through CSOS (21 CFR Part 1305). */
export const ORDER_FORM_SCHEDULES: readonly Schedule[] = ['I', 'II'];
