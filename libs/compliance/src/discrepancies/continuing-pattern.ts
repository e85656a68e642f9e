import { localDate, type Finding, type Registrant } from '@lib/ledger';
import { compareText } from '../shared/registrant-header';
import { reportingDeadlines } from './deadlines';
import { restsOnAll, units } from './finding-parts';
import { addYears } from '../shared/local-time';

/** This many counts short within twelve months make a continuing pattern. */
const PATTERN_COUNTS = 3;

/** One count that found stock short, on one or more of its lines. */
interface Shortage {
  countId: string;
  discoveredAt: string;
  unitsShort: number;
  lines: Finding[];
}

function shortagesByCount(variances: readonly Finding[]): Shortage[] {
  const byCount = new Map<string, Shortage>();
  for (const line of variances) {
    const { countId, variance } = line.figures;
    if (line.rule !== 'COUNT_VARIANCE' || typeof countId !== 'string' || typeof variance !== 'number') continue;
    if (variance >= 0) continue;
    const shortage = byCount.get(countId) ?? { countId, discoveredAt: line.discoveredAt, unitsShort: 0, lines: [] };
    if (Date.parse(line.discoveredAt) < Date.parse(shortage.discoveredAt)) shortage.discoveredAt = line.discoveredAt;
    shortage.unitsShort -= variance;
    shortage.lines.push(line);
    byCount.set(countId, shortage);
  }
  return [...byCount.values()].sort(
    (a, b) => Date.parse(a.discoveredAt) - Date.parse(b.discoveredAt) || compareText(a.countId, b.countId),
  );
}

/**
 * A continuing pattern of small losses is significant (21 CFR 1301.76(b)(4); scenario 38): three
 * counts that found stock short within twelve months (on the registrant's calendar) make one HIGH
 * finding, whose DEA notice and Form 106 clocks run from the count that completes it. The counts
 * are taken in the order they happened; a count already part of a pattern starts no other, so
 * after a pattern a new one needs three further shortages. `variances` are the registrant's
 * count-variance findings; overages are no loss and do not count.
 */
export function continuingPatterns(variances: readonly Finding[], registrant: Registrant): Finding[] {
  const { registrantId, timeZone } = registrant;
  const dateOf = (s: Shortage) => localDate(s.discoveredAt, timeZone);
  const findings: Finding[] = [];
  let window: Shortage[] = [];
  for (const shortage of shortagesByCount(variances)) {
    const on = dateOf(shortage);
    window = [...window.filter((s) => addYears(dateOf(s), 1) >= on), shortage];
    if (window.length < PATTERN_COUNTS) continue;
    const [first] = window;
    const discoveredAt = shortage.discoveredAt;
    const unitsShort = window.reduce((sum, s) => sum + s.unitsShort, 0);
    findings.push({
      rule: 'CONTINUING_PATTERN',
      subject: window.map((s) => s.countId).join('+'),
      registrantId,
      lotId: null,
      locationId: null,
      severity: 'HIGH',
      summary:
        `Significant loss pattern: ${window.length} counts short within 12 months ` +
        `(${window.map(dateOf).join(', ')}), ${units(unitsShort)} in all.`,
      figures: { counts: window.length, unitsShort, firstDiscoveredAt: first.discoveredAt },
      discoveredAt,
      deadlines: reportingDeadlines(discoveredAt, timeZone),
      regulation: '21 CFR 1301.76(b)(4)',
      ...restsOnAll(window.flatMap((s) => s.lines)),
    });
    window = [];
  }
  return findings;
}
