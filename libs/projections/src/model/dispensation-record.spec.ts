import {
  administered,
  CLINIC,
  dispensedDose,
  History,
  INVESTIGATOR,
  LOT_ID,
  OTHER_LOT_ID,
  OTHER_REGISTRANT_ID,
  received,
  REGISTRANT_ID,
  returnedDose,
  transferred,
  wasted,
} from '../testing/lot-history';
import { documentKeys, type DispensationRecord, type ParticipantIndex } from './documents';
import { evolveBatch } from './evolve';

const project = (history: History) => evolveBatch(new Map(), history.events);

describe('the dispensation record and the participant index', () => {
  it('logs each dispensation with its lot, strength, participant and every close-out: units, when, by whom', () => {
    const history = new History()
      .lot(received(100, { locationId: CLINIC }))
      .lot(dispensedDose('d1', 4, { session: 2 }))
      .lot(administered('d1', 3), { actor: INVESTIGATOR })
      .lot(wasted('d1', 1), { actor: INVESTIGATOR, late: true });
    expect(project(history).get(documentKeys.dispensation('d1'))).toEqual<DispensationRecord>({
      dispensationId: 'd1',
      registrantId: REGISTRANT_ID,
      lotId: LOT_ID,
      lotNumber: 'MDM-001',
      participantId: 'P-001',
      protocolId: 'MAPP-2',
      session: 2,
      doseType: 'INITIAL',
      strengthUg: 20_000,
      locationId: CLINIC,
      dispensed: 4,
      administered: 3,
      returned: 0,
      wasted: 1,
      outstanding: 0,
      entries: [
        { type: 'DISPENSED', units: 4, occurredAt: '2026-03-02T14:01:00.000Z', by: 'Pat Okafor', role: 'PHARMACIST' },
        {
          type: 'ADMINISTERED',
          units: 3,
          occurredAt: '2026-03-02T14:02:00.000Z',
          by: 'Dr. Ines Marsh',
          role: 'INVESTIGATOR',
        },
        {
          type: 'WASTED',
          units: 1,
          occurredAt: '2026-03-02T14:03:00.000Z',
          by: 'Dr. Ines Marsh',
          role: 'INVESTIGATOR',
        },
      ],
      position: '4',
    });
  });

  it('keeps what is still outstanding while a dispensation is open', () => {
    const history = new History()
      .lot(received(10, { locationId: CLINIC }))
      .lot(dispensedDose('d1', 6))
      .lot(returnedDose('d1', 2));
    expect(project(history).get(documentKeys.dispensation('d1'))).toMatchObject({
      dispensed: 6,
      returned: 2,
      outstanding: 4,
      position: '3',
    });
  });

  it("lists a participant's dispensations across lots, oldest first, apart from another registrant's participant", () => {
    const history = new History()
      .lot(received(100))
      .lot(transferred(50))
      .lot(received(100, { lotId: OTHER_LOT_ID, locationId: CLINIC }), {}, OTHER_LOT_ID)
      .lot(dispensedDose('d1', 4))
      .lot(dispensedDose('d2', 2, { participantId: 'P-002' }))
      .lot(dispensedDose('d3', 6, { session: 2 }), {}, OTHER_LOT_ID)
      .lot(
        received(10, { lotId: 'lot-x', registrantId: OTHER_REGISTRANT_ID, locationId: CLINIC }),
        {
          registrantId: OTHER_REGISTRANT_ID,
        },
        'lot-x',
      )
      .lot(dispensedDose('d4', 1), { registrantId: OTHER_REGISTRANT_ID }, 'lot-x');
    const documents = project(history);
    expect(documents.get(documentKeys.participant(REGISTRANT_ID, 'P-001'))).toEqual<ParticipantIndex>({
      registrantId: REGISTRANT_ID,
      participantId: 'P-001',
      dispensationIds: ['d1', 'd3'],
      position: '6',
    });
    expect(documents.get(documentKeys.participant(REGISTRANT_ID, 'P-002'))).toMatchObject({ dispensationIds: ['d2'] });
    expect(documents.get(documentKeys.participant(OTHER_REGISTRANT_ID, 'P-001'))).toMatchObject({
      registrantId: OTHER_REGISTRANT_ID,
      dispensationIds: ['d4'],
    });
    expect(documents.get(documentKeys.dispensation('d3'))).toMatchObject({ lotId: OTHER_LOT_ID, session: 2 });
  });
});
