import { federalHolidays, isFederalHoliday } from './federal-holidays';

describe('US federal holidays', () => {
  it('given 2026, then they are the eleven holidays on the dates observed (4 July, a Saturday, on Friday the 3rd)', () => {
    expect(federalHolidays(2026)).toEqual([
      { name: 'New Year’s Day', date: '2026-01-01' },
      { name: 'Birthday of Martin Luther King, Jr.', date: '2026-01-19' },
      { name: 'Washington’s Birthday', date: '2026-02-16' },
      { name: 'Memorial Day', date: '2026-05-25' },
      { name: 'Juneteenth National Independence Day', date: '2026-06-19' },
      { name: 'Independence Day', date: '2026-07-03' },
      { name: 'Labor Day', date: '2026-09-07' },
      { name: 'Columbus Day', date: '2026-10-12' },
      { name: 'Veterans Day', date: '2026-11-11' },
      { name: 'Thanksgiving Day', date: '2026-11-26' },
      { name: 'Christmas Day', date: '2026-12-25' },
    ]);
  });

  it('given a holiday on a Sunday, then it is observed on the Monday (Christmas 2022, 4 July 2027)', () => {
    expect([isFederalHoliday('2022-12-25'), isFederalHoliday('2022-12-26'), isFederalHoliday('2027-07-05')]).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('given a holiday on a Saturday, then it is observed on the Friday (Juneteenth 2027)', () => {
    expect([isFederalHoliday('2027-06-19'), isFederalHoliday('2027-06-18')]).toEqual([false, true]);
  });

  it('given New Year’s Day on a Saturday (2022), then it is observed on 31 December of the year before', () => {
    expect([
      federalHolidays(2021).at(-1),
      federalHolidays(2022).some((h) => h.name === 'New Year’s Day'),
      isFederalHoliday('2021-12-31'),
      isFederalHoliday('2022-01-01'),
    ]).toEqual([{ name: 'New Year’s Day', date: '2021-12-31' }, false, true, false]);
  });

  it('given a year before 2021, then Juneteenth is not yet a federal holiday', () => {
    expect([isFederalHoliday('2020-06-19'), isFederalHoliday('2021-06-18')]).toEqual([false, true]);
  });

  it('given Memorial Day in a May of five Mondays, then it is the last one (2026: the 25th; 2027: the 31st)', () => {
    expect([isFederalHoliday('2026-05-25'), isFederalHoliday('2027-05-31'), isFederalHoliday('2027-05-24')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
