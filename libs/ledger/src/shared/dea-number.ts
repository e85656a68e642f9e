/**
 * A DEA registration number: two letters, then seven digits whose last digit is the check digit,
 * the last digit of (d1 + d3 + d5) + 2 × (d2 + d4 + d6).
 */
export function isValidDeaNumber(value: string): boolean {
  const match = /^[A-Z]{2}(\d{7})$/.exec(value);
  if (!match) return false;
  const d = [...match[1]].map(Number);
  const checksum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
  return checksum % 10 === d[6];
}
