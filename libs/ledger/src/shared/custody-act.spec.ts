import {
  aRegistrant,
  INVESTIGATOR,
  NOW,
  OUTSIDER,
  PHARMACIST,
  REGISTRANT,
  REGULATOR,
  signed,
  signer,
  witness,
} from '../testing/fixtures';
import { assertCustodyAct, type CustodyActRules } from './custody-act';
import { LedgerError } from './ledger-error';

const WITNESSED_BY_ONE: CustodyActRules = { roles: ['PHARMACIST'], witnesses: 1 };

const check = (context: Parameters<typeof assertCustodyAct>[0], registrant = REGISTRANT): string => {
  try {
    assertCustodyAct(context, WITNESSED_BY_ONE, registrant);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    return error.code;
  }
};

describe('when a signed custody act is checked', () => {
  const valid = signed({ witnesses: [witness(INVESTIGATOR)] });

  it('accepts a pharmacist, signed, witnessed, dated before now and within the registration', () => {
    expect(check(valid)).toBe('accepted');
  });

  it('reports the first failing rule, in order: role, membership, signature, witnesses, future, registration', () => {
    const everythingWrong = signed({
      actor: signer(REGULATOR, false),
      witnesses: [],
      occurredAt: '2026-03-04T00:00:00Z',
    });
    const lapsed = aRegistrant({ registrationExpiresOn: '2026-03-01' });
    expect([
      check(everythingWrong, lapsed),
      check({ ...everythingWrong, actor: signer(OUTSIDER, false) }, lapsed),
      check({ ...everythingWrong, actor: signer(PHARMACIST, false) }, lapsed),
      check({ ...everythingWrong, actor: signer(PHARMACIST) }, lapsed),
      check({ ...everythingWrong, actor: signer(PHARMACIST), witnesses: [witness(INVESTIGATOR)] }, lapsed),
      check({ ...valid }, lapsed),
      check({ ...valid }),
    ]).toEqual([
      'FORBIDDEN',
      'NOT_FOUND',
      'SIGNATURE_INVALID',
      'WITNESS_INVALID',
      'OCCURRED_IN_FUTURE',
      'REGISTRATION_EXPIRED',
      'accepted',
    ]);
  });

  it('judges the registration on occurredAt in the registrant’s time zone, not on the recording time', () => {
    const lapsesOn2March = aRegistrant({ registrationExpiresOn: '2026-03-02' });
    const later = '2026-03-10T12:00:00.000Z';
    expect([
      check({ ...valid, now: later }, lapsesOn2March),
      check({ ...valid, now: later, occurredAt: '2026-03-03T04:59:00.000Z' }, lapsesOn2March),
      check({ ...valid, now: later, occurredAt: '2026-03-03T05:00:00.000Z' }, lapsesOn2March),
      check({ ...valid, now: NOW, occurredAt: NOW }, lapsesOn2March),
    ]).toEqual(['accepted', 'accepted', 'REGISTRATION_EXPIRED', 'accepted']);
  });
});
