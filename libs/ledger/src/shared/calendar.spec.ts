import { isCalendarDate, isTimeZone, localDate } from './calendar';

describe('a calendar date (YYYY-MM-DD)', () => {
  it.each(['2026-03-02', '2028-02-29', '2026-12-31'])('accepts %s', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-04-31', '2026-3-2', '02/03/2026', '2026-03-02T00:00:00Z', ''])(
    'refuses %p',
    (date) => {
      expect(isCalendarDate(date)).toBe(false);
    },
  );
});

describe('a time zone', () => {
  it('is an IANA zone name', () => {
    expect(['America/New_York', 'America/Chicago', 'UTC', 'Eastern', 'Mars/Olympus_Mons', ''].map(isTimeZone)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('the local date of an instant', () => {
  it('is the date on the registrant’s wall clock: 03:30 UTC on 3 March is still 2 March (22:30) in New York', () => {
    expect(localDate('2026-03-03T03:30:00.000Z', 'America/New_York')).toBe('2026-03-02');
    expect(localDate('2026-03-03T03:30:00.000Z', 'UTC')).toBe('2026-03-03');
  });

  it('turns at local midnight: 04:59 UTC is 2 March in New York, 05:00 UTC is 3 March', () => {
    expect(localDate('2026-03-03T04:59:59.999Z', 'America/New_York')).toBe('2026-03-02');
    expect(localDate('2026-03-03T05:00:00.000Z', 'America/New_York')).toBe('2026-03-03');
  });

  it('follows daylight saving time: after 8 March 2026 New York is UTC−4, so midnight falls at 04:00 UTC', () => {
    expect(localDate('2026-03-10T03:59:59.999Z', 'America/New_York')).toBe('2026-03-09');
    expect(localDate('2026-03-10T04:00:00.000Z', 'America/New_York')).toBe('2026-03-10');
  });

  it('reads instants written with an offset: 23:30 at −05:00 on 2 March is 2 March in New York, 3 March in UTC', () => {
    expect([
      localDate('2026-03-02T23:30:00-05:00', 'America/New_York'),
      localDate('2026-03-02T23:30:00-05:00', 'UTC'),
    ]).toEqual(['2026-03-02', '2026-03-03']);
  });

  it('differs between registrants in different zones for the same instant', () => {
    expect(['America/New_York', 'America/Chicago'].map((zone) => localDate('2026-03-03T05:30:00.000Z', zone))).toEqual([
      '2026-03-03',
      '2026-03-02',
    ]);
  });
});
