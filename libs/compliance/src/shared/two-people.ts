import type { RecordedMetadata } from '@lib/ledger';

export interface PersonRef {
  userId: string;
  printedName: string;
}

/** Why an act that needs two people does not show two (`null` when it does). */
export type WitnessGap = 'NO_WITNESS' | 'ONE_PERSON';

export interface Witnessing {
  actor: PersonRef | null;
  witnesses: PersonRef[];
  gap: WitnessGap | null;
}

/**
 * Two distinct people (21 CFR 1317.95(d), 1304.21(e); two-person custody): the actor and at
 * least one WITNESS signature by somebody else, as the event's signatures record them.
 */
export function witnessing(metadata: RecordedMetadata): Witnessing {
  const actor = metadata.actor ? { userId: metadata.actor.userId, printedName: metadata.actor.printedName } : null;
  const witnesses = metadata.signatures
    .filter((s) => s.meaning === 'WITNESS')
    .map((s) => ({ userId: s.userId, printedName: s.printedName }));
  const people = new Set([...(actor ? [actor.userId] : []), ...witnesses.map((w) => w.userId)]);
  const gap = witnesses.length === 0 ? 'NO_WITNESS' : people.size < 2 ? 'ONE_PERSON' : null;
  return { actor, witnesses, gap };
}
