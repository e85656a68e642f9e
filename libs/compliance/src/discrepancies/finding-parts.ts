import type { Finding, Recorded } from '@lib/ledger';

/**
 * What a finding rests on: the ids of its events, and everyone who recorded or signed them (the
 * acting user and every signer), who may not resolve it. Both in the order first met, without repeats.
 */
export function restsOn(events: readonly Recorded[]): Pick<Finding, 'evidence' | 'involvedUserIds'> {
  const evidence = new Set<string>();
  const involved = new Set<string>();
  for (const event of events) {
    evidence.add(event.eventId);
    if (event.metadata.actor) involved.add(event.metadata.actor.userId);
    for (const signature of event.metadata.signatures) involved.add(signature.userId);
  }
  return { evidence: [...evidence], involvedUserIds: [...involved] };
}

/** What several findings rest on together, in the same order and without repeats. */
export const restsOnAll = (findings: readonly Finding[]): Pick<Finding, 'evidence' | 'involvedUserIds'> => ({
  evidence: [...new Set(findings.flatMap((f) => f.evidence))],
  involvedUserIds: [...new Set(findings.flatMap((f) => f.involvedUserIds))],
});

/** `1 unit`, `2 units`. */
export const units = (count: number): string => `${count} unit${Math.abs(count) === 1 ? '' : 's'}`;

/** A finding has arisen by `now` once it was discovered. */
export const arisenBy =
  (now: string) =>
  (finding: Finding): boolean =>
    Date.parse(finding.discoveredAt) <= Date.parse(now);
