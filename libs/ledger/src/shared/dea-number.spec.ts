import { isValidDeaNumber } from './dea-number';

describe('a DEA registration number', () => {
  it.each(['RS1234563', 'PM7654329', 'RD2468103', 'RB1357929'])(
    'accepts %s, whose last digit is the check digit',
    (deaNumber) => {
      expect(isValidDeaNumber(deaNumber)).toBe(true);
    },
  );

  it('computes the check digit as the last digit of (d1+d3+d5) + 2×(d2+d4+d6): only 3 completes RS123456_', () => {
    // (1+3+5) + 2×(2+4+6) = 9 + 24 = 33
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => isValidDeaNumber(`RS123456${d}`))).toEqual([3]);
  });

  it.each([
    ['a wrong check digit', 'PM7654321'],
    ['six digits', 'RS123456'],
    ['eight digits', 'RS12345630'],
    ['one letter', 'R11234563'],
    ['lower-case letters', 'rs1234563'],
    ['surrounding spaces', ' RS1234563'],
    ['a hyphen', 'RS-1234563'],
    ['nothing', ''],
  ])('refuses %s (%p)', (_why, deaNumber) => {
    expect(isValidDeaNumber(deaNumber)).toBe(false);
  });
});
