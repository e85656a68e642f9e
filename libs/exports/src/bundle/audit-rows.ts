import { zoneOffsetMs } from '@lib/compliance';
import type { LedgerMetadata, RecordedEvent, SignatureManifestation } from '@lib/event-store';

/** The Part 11 audit trail of domain.md 9.5, one row per audited action. */
export const AUDIT_COLUMNS = [
  'auditId',
  'sequence',
  'prevHash',
  'hash',
  'recordedAtUtc',
  'timezoneOffset',
  'actorId',
  'actorPrintedName',
  'role',
  'sessionId',
  'deviceId',
  'action',
  'recordType',
  'recordId',
  'field',
  'oldValue',
  'newValue',
  'reason',
  'signatureMeaning',
  'payloadHash',
] as const;

const ACTIONS: Record<string, string> = {
  CorrectionRecorded: 'CORRECT',
  ReconciliationSigned: 'APPROVE',
  ExportGenerated: 'EXPORT',
  SignedIn: 'LOGIN',
  SignInFailed: 'LOGIN_FAIL',
  SignInLockedOut: 'AUTH_LOCKOUT',
  UserDeactivated: 'DEACTIVATE',
  PasswordSet: 'CREDENTIAL_SET',
};

const SIGNATURE_ACTIONS: Record<string, string> = { WITNESS: 'WITNESS', APPROVAL: 'APPROVE' };

const HOUR_MS = 3_600_000;

/**
 * `-05:00`: the registrant's clock at each instant, as 9.5 asks beside the UTC time. Asking Intl
 * for every row of millions is slow, and a zone's offset is the same throughout almost every
 * hour: an hour whose first and last milliseconds agree is remembered, any other asked exactly.
 */
function offsets(timeZone: string): (instant: string) => string {
  const hours = new Map<number, number>();
  const offsetMs = (ms: number): number => {
    const hour = Math.floor(ms / HOUR_MS);
    const known = hours.get(hour);
    if (known !== undefined) return known;
    const start = zoneOffsetMs(hour * HOUR_MS, timeZone);
    if (start !== zoneOffsetMs(hour * HOUR_MS + HOUR_MS - 1, timeZone)) return zoneOffsetMs(ms, timeZone);
    hours.set(hour, start);
    return start;
  };
  return (instant) => {
    const minutes = Math.round(offsetMs(Date.parse(instant)) / 60_000);
    const abs = Math.abs(minutes);
    return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What a correction changed, and the reason any act gives. */
function changeOf(event: RecordedEvent): { field: string; oldValue: string; newValue: string; reason: string } {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (event.type === 'CorrectionRecorded') {
    const adjustments = (data.adjustments ?? []) as { locationId: string; units: number }[];
    return {
      field: `${text(data.correctsType)} ${text(data.correctsEventId)}`,
      oldValue: '',
      newValue: adjustments.map((a) => `${a.locationId}:${a.units > 0 ? '+' : ''}${a.units}`).join(' '),
      reason: text(data.reason),
    };
  }
  return { field: '', oldValue: '', newValue: '', reason: text(data.reason) || text(data.description) };
}

/**
 * The audit rows of a registrant's events, its clock being `timeZone`, one event at a time: the
 * act itself under its actor, then one row per signature that is an act of its own (a witness, an
 * approval). Sign-in events carry the attempted user in their
 * data, since a failed attempt proves nobody's identity. There are no sessions or device ids in
 * this ledger: `sessionId` is the request's correlation id and `deviceId` stays empty.
 */
export function auditTrail(timeZone: string): (event: RecordedEvent) => string[][] {
  const offsetText = offsets(timeZone);
  return (event) => auditRows(event, offsetText);
}

function auditRows(event: RecordedEvent, offsetText: (instant: string) => string): string[][] {
  const m = event.metadata as unknown as LedgerMetadata;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const category = event.streamId.slice(0, event.streamId.indexOf('-'));
  const change = changeOf(event);
  const base = (recordedAt: string) => [m.prevHash, m.hash, recordedAt, offsetText(recordedAt)];
  const act = [
    event.eventId,
    event.position.toString(),
    ...base(m.recordedAt),
    m.actor?.userId ?? text(data.userId),
    m.actor?.printedName ?? '',
    m.actor?.role ?? '',
    m.correlationId ?? '',
    '',
    ACTIONS[event.type] ?? 'CREATE',
    `${category}:${event.type}`,
    event.streamId,
    change.field,
    change.oldValue,
    change.newValue,
    change.reason,
    (m.signatures ?? []).map((s) => s.meaning).join(' '),
    (m.signatures ?? [])[0]?.payloadHash ?? '',
  ];
  const signed = (m.signatures ?? [])
    .map((s, index): [SignatureManifestation, number] => [s, index])
    .filter(([s]) => SIGNATURE_ACTIONS[s.meaning])
    .map(([s, index]) => [
      `${event.eventId}/${index}`,
      `${event.position}.${index}`,
      ...base(s.signedAt),
      s.userId,
      s.printedName,
      '',
      m.correlationId ?? '',
      '',
      SIGNATURE_ACTIONS[s.meaning],
      `${category}:${event.type}`,
      event.streamId,
      '',
      '',
      '',
      '',
      s.meaning,
      s.payloadHash,
    ]);
  return [act, ...signed];
}
