import { LedgerError } from '@lib/ledger';
import { inventoryCutOff, parseBound, startOfLocalDay } from './cut-off';

const NY = 'America/New_York';
const iso = (ms: number) => new Date(ms).toISOString();

describe('the start of a day on the registrant’s wall clock', () => {
  it('is 05:00 UTC in New York in winter (EST) and 04:00 UTC in summer (EDT)', () => {
    expect([iso(startOfLocalDay('2026-03-01', NY)), iso(startOfLocalDay('2026-04-01', NY))]).toEqual([
      '2026-03-01T05:00:00.000Z',
      '2026-04-01T04:00:00.000Z',
    ]);
  });

  it('follows the clock change: 8 March 2026 starts in EST, 9 March in EDT; 1 November in EDT, 2 November in EST', () => {
    expect(['2026-03-08', '2026-03-09', '2026-11-01', '2026-11-02'].map((d) => iso(startOfLocalDay(d, NY)))).toEqual([
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
    ]);
  });

  it('works east of UTC and on half-hour offsets: 1 March starts at 18:30 UTC on 28 February in Kolkata', () => {
    expect([iso(startOfLocalDay('2026-03-01', 'Asia/Kolkata')), iso(startOfLocalDay('2026-03-01', 'UTC'))]).toEqual([
      '2026-02-28T18:30:00.000Z',
      '2026-03-01T00:00:00.000Z',
    ]);
  });
});

describe('the start of a day where the clock changes at midnight', () => {
  it('is the first instant of the date when midnight is skipped: Beirut 29 March, Santiago 6 September 2026', () => {
    expect([
      iso(startOfLocalDay('2026-03-29', 'Asia/Beirut')),
      iso(startOfLocalDay('2026-09-06', 'America/Santiago')),
    ]).toEqual(['2026-03-28T22:00:00.000Z', '2026-09-06T04:00:00.000Z']);
  });

  it('is the second midnight’s first instant on the date when the clock falls back past it: Santiago 5 April 2026', () => {
    expect(iso(startOfLocalDay('2026-04-05', 'America/Santiago'))).toBe('2026-04-05T04:00:00.000Z');
  });
});

describe('a report bound', () => {
  it('takes a date as the start of that day in the registrant’s zone', () => {
    expect(parseBound('2026-03-01', NY, 'from')).toEqual({
      given: '2026-03-01',
      instant: '2026-03-01T05:00:00.000Z',
      ms: Date.UTC(2026, 2, 1, 5),
    });
  });

  it('takes an instant with an offset as it is, normalised to UTC', () => {
    expect(parseBound('2026-03-02T14:05:00-05:00', NY, 'to')).toEqual({
      given: '2026-03-02T19:05:00.000Z',
      instant: '2026-03-02T19:05:00.000Z',
      ms: Date.UTC(2026, 2, 2, 19, 5),
    });
  });

  it.each(['2026-03-02T14:05:00', '02/03/2026', '2026-02-30', 'yesterday', ''])(
    'refuses %p: VALIDATION_FAILED on the field',
    (value) => {
      let caught: unknown;
      try {
        parseBound(value, NY, 'from');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(LedgerError);
      expect([(caught as LedgerError).code, (caught as LedgerError).errors?.[0].field]).toEqual([
        'VALIDATION_FAILED',
        'from',
      ]);
    },
  );
});

describe('an inventory’s cut-off', () => {
  it('is the start of the day at OPENING and the start of the next day at CLOSE for a date', () => {
    expect([inventoryCutOff('2026-03-31', 'OPENING', NY), inventoryCutOff('2026-03-31', 'CLOSE', NY)]).toEqual([
      {
        asOf: '2026-03-31',
        date: '2026-03-31',
        cutOff: { given: '2026-03-31', instant: '2026-03-31T04:00:00.000Z', ms: Date.UTC(2026, 2, 31, 4) },
      },
      {
        asOf: '2026-03-31',
        date: '2026-03-31',
        cutOff: { given: '2026-03-31', instant: '2026-04-01T04:00:00.000Z', ms: Date.UTC(2026, 3, 1, 4) },
      },
    ]);
  });

  it('is the instant itself for an instant, dated on the registrant’s clock (22:30 in New York is still the 2nd)', () => {
    expect(inventoryCutOff('2026-03-03T03:30:00Z', 'CLOSE', NY)).toEqual({
      asOf: '2026-03-03T03:30:00.000Z',
      date: '2026-03-02',
      cutOff: {
        given: '2026-03-03T03:30:00.000Z',
        instant: '2026-03-03T03:30:00.000Z',
        ms: Date.UTC(2026, 2, 3, 3, 30),
      },
    });
  });
});
