import { endOfNextBusinessDay, isBusinessDay, nextBusinessDay } from './business-days';

const NY = 'America/New_York';

describe('business days', () => {
  it('given weekdays, weekends and holidays, then only a weekday that is no holiday is a business day', () => {
    expect(['2026-09-04', '2026-09-05', '2026-09-06', '2026-09-07', '2026-09-08'].map(isBusinessDay)).toEqual([
      true,
      false,
      false,
      false,
      true,
    ]);
  });

  it('given a Thursday before a Saturday holiday observed on Friday, then the next business day is Monday', () => {
    expect(nextBusinessDay('2026-07-02')).toBe('2026-07-06');
  });

  it('given a Friday before a Sunday holiday observed on Monday (Christmas 2022), then it is Tuesday', () => {
    expect(nextBusinessDay('2022-12-23')).toBe('2022-12-27');
  });
});

describe('the end of the next business day after a discovery', () => {
  it('scenario 34: given a discovery on Friday 17:00 local and Monday a federal holiday, then it is Tuesday 23:59:59.999 local', () => {
    // Friday 4 September 2026, 17:00 EDT; Monday 7 September is Labor Day.
    expect(endOfNextBusinessDay('2026-09-04T21:00:00.000Z', NY)).toBe('2026-09-09T03:59:59.999Z');
  });

  it('given a discovery on 31 December, when 1 January is a holiday, then it is 2 January (2024 → 2025)', () => {
    expect(endOfNextBusinessDay('2024-12-31T15:00:00.000Z', NY)).toBe('2025-01-03T04:59:59.999Z');
  });

  it('given New Year’s Day observed on Friday 31 December (2021), then a Thursday discovery is due Monday 3 January', () => {
    expect(endOfNextBusinessDay('2021-12-30T15:00:00.000Z', NY)).toBe('2022-01-04T04:59:59.999Z');
  });

  it('given a discovery late on Friday evening local (already Saturday in UTC), then the local Friday counts', () => {
    // Friday 13 March 2026, 22:30 EDT = Saturday 02:30 UTC: due Monday 16 March, not Tuesday.
    expect(endOfNextBusinessDay('2026-03-14T02:30:00.000Z', NY)).toBe('2026-03-17T03:59:59.999Z');
  });

  it('given a Friday discovery in EST before the clocks change, then Monday ends in EDT', () => {
    expect(endOfNextBusinessDay('2026-03-06T20:00:00.000Z', NY)).toBe('2026-03-10T03:59:59.999Z');
  });

  it('given another time zone, then its own wall clock decides (Los Angeles, Friday before Labor Day)', () => {
    expect(endOfNextBusinessDay('2026-09-04T23:30:00.000Z', 'America/Los_Angeles')).toBe('2026-09-09T06:59:59.999Z');
  });
});
