import { isLateEntry } from '../shared/entry-timing';
import type { Role } from '../shared/people';
import { spec } from '../testing/decider-spec';
import {
  ADMIN,
  aRegistrant,
  COMPLIANCE_OFFICER,
  DISPENSATION_ID,
  dispenseDose,
  doseDispensed,
  everyLotCommand,
  INVESTIGATOR,
  lotReceived,
  NOW,
  OCCURRED_AT,
  OTHER_REGISTRANT,
  OUTSIDER,
  PHARMACIST,
  receivedLot,
  REGULATOR,
  signer,
  SUPPLEMENTAL_DISPENSATION_ID,
  VAULT_ID,
  witness,
  type Member,
} from '../testing/fixtures';
import { LOT_COMMAND_RULES, type LotCommand } from './lot.commands';
import { lotDecider } from './lot.decider';
import type { LotEvent } from './lot.events';

const lot = spec(lotDecider);

/** What each command needs on the books first: nothing for a receipt, else the lot and one open dispensation. */
const historyFor = (command: LotCommand): LotEvent[] =>
  command.type === 'ReceiveLot' ? [] : [lotReceived(), doseDispensed()];

/** The event each (valid, default) command must decide, derived from the command itself. */
function expectedEvent(command: LotCommand): LotEvent {
  switch (command.type) {
    case 'ReceiveLot':
      return { type: 'LotReceived', data: { ...command.data, registrantId: command.registrant.registrantId } };
    case 'TransferStock':
      return { type: 'StockTransferred', data: command.data };
    case 'DispenseDose':
      return { type: 'DoseDispensed', data: command.data };
    case 'AdministerDose':
      return { type: 'DoseAdministered', data: command.data };
    case 'ReturnDose':
      return { type: 'DoseReturned', data: command.data };
    case 'WasteDose':
      return { type: 'DoseWasted', data: command.data };
    case 'DestroyStock':
      return { type: 'StockDestroyed', data: command.data };
    case 'ReportLoss':
      return { type: 'LossReported', data: command.data };
    case 'RecordCountLines':
      // 100 received into the vault, 4 dispensed from it: the books say 96.
      return {
        type: 'PhysicalCountRecorded',
        data: { ...command.data, lines: [{ locationId: VAULT_ID, units: 100, bookUnits: 96 }] },
      };
    case 'CorrectRecord': {
      const { target, ...correction } = command.data;
      return {
        type: 'CorrectionRecorded',
        data: { ...correction, correctsEventId: target!.eventId, correctsType: target!.type },
      };
    }
  }
}

const WITNESSED: LotCommand['type'][] = [
  'TransferStock',
  'ReturnDose',
  'WasteDose',
  'DestroyStock',
  'RecordCountLines',
  'CorrectRecord',
];

/** Who may act (api-contract.md, section 3), written out independently of LOT_COMMAND_RULES. */
const MAY_ACT: Record<LotCommand['type'], Role[]> = {
  ReceiveLot: ['PHARMACIST'],
  TransferStock: ['PHARMACIST'],
  DispenseDose: ['PHARMACIST'],
  AdministerDose: ['INVESTIGATOR'],
  ReturnDose: ['PHARMACIST', 'INVESTIGATOR'],
  WasteDose: ['PHARMACIST', 'INVESTIGATOR'],
  DestroyStock: ['PHARMACIST', 'COMPLIANCE_OFFICER'],
  ReportLoss: ['PHARMACIST', 'COMPLIANCE_OFFICER'],
  RecordCountLines: ['PHARMACIST', 'COMPLIANCE_OFFICER'],
  CorrectRecord: ['COMPLIANCE_OFFICER'],
};

const PEOPLE: Member[] = [PHARMACIST, INVESTIGATOR, COMPLIANCE_OFFICER, REGULATOR, ADMIN];

/** Every command, acted by `actor` with a suitable witness (never the actor) where one is needed. */
const everyCommandBy = (actor: Member, options: Parameters<typeof everyLotCommand>[0] = {}): LotCommand[] =>
  everyLotCommand({ actor: signer(actor), ...options }).map((command) => ({
    ...command,
    context: {
      ...command.context,
      witnesses: WITNESSED.includes(command.type) ? [witness(actor === INVESTIGATOR ? PHARMACIST : INVESTIGATOR)] : [],
    },
  }));

const byType = (commands: LotCommand[]) => commands.map((command) => [command.type, command] as const);

describe('when the lot holds 96 capsules in the vault and an open dispensation: who may act', () => {
  const matrix = PEOPLE.flatMap((person) =>
    everyCommandBy(person).map((command) => ({
      command,
      role: person.roles[0],
      allowed: MAY_ACT[command.type].includes(person.roles[0]),
    })),
  );

  it.each(matrix.filter((row) => row.allowed))('lets the $role record $command.type', ({ command }) => {
    lot
      .given(historyFor(command))
      .when(command)
      .then([expectedEvent(command)]);
  });

  it.each(matrix.filter((row) => !row.allowed))('refuses $command.type by the $role (FORBIDDEN)', ({ command }) => {
    lot.given(historyFor(command)).when(command).thenThrows('FORBIDDEN');
  });

  it('refuses every lot command to the read-only REGULATOR and to ADMIN, who records no ledger events', () => {
    const refused = [REGULATOR, ADMIN].flatMap((person) =>
      everyCommandBy(person).map(
        (command) => lot.given(historyFor(command)).when(command).thenThrows('FORBIDDEN').code,
      ),
    );
    expect(refused).toEqual(Array(20).fill('FORBIDDEN'));
  });

  it('names the lot commands and their roles exactly as the contract does', () => {
    expect(
      Object.fromEntries(Object.entries(LOT_COMMAND_RULES).map(([type, rules]) => [type, [...rules.roles]])),
    ).toEqual(MAY_ACT);
  });
});

describe('when the lot holds 96 capsules in the vault and an open dispensation: signatures and witnesses', () => {
  it.each(
    byType(everyLotCommand({ actor: signer(PHARMACIST, false) })).filter(([type]) =>
      MAY_ACT[type].includes('PHARMACIST'),
    ),
  )('refuses %s signed with a wrong password (SIGNATURE_INVALID)', (_type, command) => {
    lot.given(historyFor(command)).when(command).thenThrows('SIGNATURE_INVALID');
  });

  it('refuses an administration signed with a wrong password (SIGNATURE_INVALID)', () => {
    const [, , , administer] = everyLotCommand({ actor: signer(INVESTIGATOR, false) });
    lot.given(historyFor(administer)).when(administer).thenThrows('SIGNATURE_INVALID');
  });

  it.each(byType(everyLotCommand()).filter(([type]) => WITNESSED.includes(type)))(
    'refuses %s without its witness (WITNESS_INVALID)',
    (_type, command) => {
      lot
        .given(historyFor(command))
        .when({ ...command, context: { ...command.context, witnesses: [] } })
        .thenThrows('WITNESS_INVALID', 'Exactly one witness is required.');
    },
  );

  it.each(byType(everyLotCommand()).filter(([type]) => !WITNESSED.includes(type)))(
    'records %s without a witness',
    (_type, command) => {
      expect(command.context.witnesses).toEqual([]);
      lot
        .given(historyFor(command))
        .when(command)
        .then([expectedEvent(command)]);
    },
  );
});

describe('when the lot is another registrant’s, or was never received', () => {
  it.each(
    byType(everyLotCommand({ registrant: OTHER_REGISTRANT, actor: signer(OUTSIDER) })).filter(
      ([type]) => type !== 'ReceiveLot',
    ),
  )(
    'answers NOT_FOUND to %s on another registrant’s lot, even for a member of that other registrant',
    (_type, command) => {
      lot.given(historyFor(command)).when(command).thenThrows('NOT_FOUND', 'Lot not found.');
    },
  );

  it.each(byType(everyLotCommand()).filter(([type]) => type !== 'ReceiveLot'))(
    'answers NOT_FOUND to %s on a lot that was never received',
    (_type, command) => {
      lot.given().when(command).thenThrows('NOT_FOUND', 'Lot not found.');
    },
  );

  it('answers NOT_FOUND when the actor is not a member of the registrant acted for', () => {
    lot
      .given(lotReceived())
      .when(dispenseDose({}, { actor: signer(OUTSIDER) }))
      .thenThrows('NOT_FOUND', 'Registrant not found.');
  });
});

describe('when the act is dated around the moment of recording', () => {
  it.each(byType(everyLotCommand({ occurredAt: '2026-03-02T19:00:00.001Z' })))(
    'refuses %s dated after the moment of recording (OCCURRED_IN_FUTURE)',
    (_type, command) => {
      lot.given(historyFor(command)).when(command).thenThrows('OCCURRED_IN_FUTURE', 'occurredAt lies in the future.');
    },
  );

  it('accepts an act dated at the very instant it is recorded', () => {
    lot
      .given(lotReceived())
      .when(dispenseDose({}, { occurredAt: NOW }))
      .then([doseDispensed()]);
  });

  it('refuses an occurredAt that is not a date and time (VALIDATION_FAILED)', () => {
    const error = lot
      .given(lotReceived())
      .when(dispenseDose({}, { occurredAt: 'yesterday afternoon' }))
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors).toEqual([{ field: 'occurredAt', message: 'occurredAt must be an ISO 8601 date and time.' }]);
  });

  it('scenario 46 (flag only): accepts an act entered 3 days late, which isLateEntry marks late; v1 asks no reason', () => {
    const threeDaysEarlier = '2026-02-27T18:45:00.000Z';
    lot
      .given(lotReceived())
      .when(dispenseDose({}, { occurredAt: threeDaysEarlier }))
      .then([doseDispensed()]);
    expect([isLateEntry(threeDaysEarlier, NOW), isLateEntry(OCCURRED_AT, NOW)]).toEqual([true, false]);
  });
});

describe('when the DEA registration lapsed', () => {
  const lapsedYesterday = aRegistrant({ registrationExpiresOn: '2026-03-01' });
  const lapsesToday = aRegistrant({ registrationExpiresOn: '2026-03-02' });

  it.each(byType(everyLotCommand({ registrant: lapsedYesterday })))(
    'refuses %s dated after the registration expired (REGISTRATION_EXPIRED)',
    (_type, command) => {
      lot.given(historyFor(command)).when(command).thenThrows('REGISTRATION_EXPIRED', 'expired on 2026-03-01');
    },
  );

  it.each(byType(everyLotCommand({ registrant: lapsesToday, now: '2026-03-05T15:00:00.000Z' })))(
    'still records %s dated on the last day of the registration, though entered after it lapsed',
    (_type, command) => {
      lot
        .given(historyFor(command))
        .when(command)
        .then([expectedEvent(command)]);
    },
  );

  it('judges the date on the registrant’s wall clock: 22:30 on 2 March in New York is still 2 March', () => {
    const context = { registrant: lapsesToday, now: '2026-03-03T12:00:00.000Z' };
    lot
      .given(lotReceived())
      .when(dispenseDose({}, { ...context, occurredAt: '2026-03-03T03:30:00.000Z' }))
      .then([doseDispensed()]);
    lot
      .given(lotReceived())
      .when(dispenseDose({}, { ...context, occurredAt: '2026-03-03T05:30:00.000Z' }))
      .thenThrows('REGISTRATION_EXPIRED');
  });

  it('uses the registrant’s own time zone: 23:30 on 2 March in Chicago is still 2 March there', () => {
    const chicago = aRegistrant({ registrationExpiresOn: '2026-03-02', timeZone: 'America/Chicago' });
    lot
      .given(lotReceived())
      .when(
        dispenseDose(
          {},
          { registrant: chicago, now: '2026-03-03T12:00:00.000Z', occurredAt: '2026-03-03T05:30:00.000Z' },
        ),
      )
      .then([doseDispensed()]);
  });
});

describe('when a dispense has been posted (append-only records)', () => {
  const history = [lotReceived(), doseDispensed({ quantity: 4 })];

  it('scenario 24: never edits a posted dispense: a later decision only adds events and the history still shows the original 4', () => {
    const after = lot
      .given(history)
      .when(dispenseDose({ dispensationId: SUPPLEMENTAL_DISPENSATION_ID, quantity: 2 }))
      .then([doseDispensed({ dispensationId: SUPPLEMENTAL_DISPENSATION_ID, quantity: 2 })]);
    expect(receivedLot(after).dispensations[DISPENSATION_ID]).toMatchObject({ dispensed: 4, administered: 0 });
    expect(receivedLot(after).totals.dispensed).toBe(6);
  });

  it('scenario 24: refuses to post the same dispensation again with another quantity (DUPLICATE)', () => {
    lot
      .given(history)
      .when(dispenseDose({ quantity: 3 }))
      .thenThrows('DUPLICATE');
  });

  it('scenario 25: offers no command that deletes or rewrites an event (tamper detection is proven by the event-store verification tests)', () => {
    expect(Object.keys(LOT_COMMAND_RULES)).toEqual([
      'ReceiveLot',
      'TransferStock',
      'DispenseDose',
      'AdministerDose',
      'ReturnDose',
      'WasteDose',
      'DestroyStock',
      'ReportLoss',
      'RecordCountLines',
      'CorrectRecord',
    ]);
    // Each of them only appends: the decision is new facts, and the given history is left as it was.
    const decided = everyLotCommand().map((command) =>
      lot
        .given(historyFor(command))
        .when(command)
        .then([expectedEvent(command)]),
    );
    expect(decided.map((state) => state.status)).toEqual(Array(10).fill('received'));
  });
});
