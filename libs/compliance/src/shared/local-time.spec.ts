import { addDays, addYears, endOfLocalDay, localInstant, localMidnight, weekday } from './local-time';

const NY = 'America/New_York';

describe('calendar dates', () => {
  it('given a date, when days are added, then months and years roll over', () => {
    expect([
      addDays('2026-02-27', 2),
      addDays('2024-02-28', 1),
      addDays('2026-12-31', 1),
      addDays('2026-01-01', -1),
    ]).toEqual(['2026-03-01', '2024-02-29', '2027-01-01', '2025-12-31']);
  });

  it('given 29 February, when two years are added, then it is 28 February; other days keep their date', () => {
    expect([addYears('2024-02-29', 2), addYears('2024-02-29', 4), addYears('2026-03-31', 2)]).toEqual([
      '2026-02-28',
      '2028-02-29',
      '2028-03-31',
    ]);
  });

  it('given a date, then its weekday runs from 0 (Sunday) to 6 (Saturday)', () => {
    expect([weekday('2026-09-06'), weekday('2026-09-07'), weekday('2026-09-12')]).toEqual([0, 1, 6]);
  });
});

describe('a wall-clock time in a time zone as a UTC instant', () => {
  it('given New York in winter and in summer, then it is 5 and 4 hours behind UTC', () => {
    expect([localInstant('2026-01-15', '09:30', NY), localInstant('2026-07-15', '09:30:15.250', NY)]).toEqual([
      '2026-01-15T14:30:00.000Z',
      '2026-07-15T13:30:15.250Z',
    ]);
  });

  it('given the spring-forward change in New York (8 March 2026), then each day ends on its own offset', () => {
    expect(['2026-03-07', '2026-03-08', '2026-03-09'].map((date) => endOfLocalDay(date, NY))).toEqual([
      '2026-03-08T04:59:59.999Z',
      '2026-03-09T03:59:59.999Z',
      '2026-03-10T03:59:59.999Z',
    ]);
  });

  it('given the fall-back change in New York (1 November 2026), then midnights and day ends follow it', () => {
    expect([localMidnight('2026-11-01', NY), endOfLocalDay('2026-11-01', NY), localMidnight('2026-11-02', NY)]).toEqual(
      ['2026-11-01T04:00:00.000Z', '2026-11-02T04:59:59.999Z', '2026-11-02T05:00:00.000Z'],
    );
  });

  it('given a time the clock skips (02:30 on 8 March 2026), then it lands as far past the gap (03:30 EDT)', () => {
    expect(localInstant('2026-03-08', '02:30', NY)).toBe('2026-03-08T07:30:00.000Z');
  });

  it('given a time the clock shows twice (01:30 on 1 November 2026), then it is the first of them (EDT)', () => {
    expect(localInstant('2026-11-01', '01:30', NY)).toBe('2026-11-01T05:30:00.000Z');
  });

  it('given a zone east of UTC on a half-hour offset, then the instant falls on the day before in UTC', () => {
    expect([localMidnight('2026-03-01', 'Asia/Kolkata'), localMidnight('2026-03-01', 'UTC')]).toEqual([
      '2026-02-28T18:30:00.000Z',
      '2026-03-01T00:00:00.000Z',
    ]);
  });

  it('given something that is not a time, then it refuses it', () => {
    expect(() => localInstant('2026-03-01', '9am', NY)).toThrow(RangeError);
  });
});
