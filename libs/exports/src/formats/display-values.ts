import { localDate, type Address } from '@lib/ledger';

/** A signature as an inspector reads it (21 CFR 11.50): printed name, date and time, meaning. */
export interface SignatureManifestation {
  printedName: string;
  /** ISO instant. */
  signedAt: string;
  meaning: string;
}

function instant(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`Not an instant: ${JSON.stringify(iso)}`);
  return date;
}

/** `2026-03-04 19:30:00 UTC`: one clock for every time printed, whatever the reader's zone. */
export const utcTime = (iso: string): string => `${instant(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/**
 * The registrant's calendar date (what a DEA form asks for), then the UTC time it stands for, so
 * an act late in the evening is not read as the next day's.
 */
export const localDateAndUtc = (iso: string, timeZone: string): string =>
  `${localDate(instant(iso).toISOString(), timeZone)} (${timeZone}); ${utcTime(iso)}`;

export const addressLine = (a: Address): string => `${a.street}, ${a.city}, ${a.state} ${a.postalCode}`;

/** Total milligrams in whole micrograms, so 3 × 0.1 mg prints 0.3 and not 0.30000000000000004. */
export const totalMg = (units: number, strengthMg: number): number => (units * Math.round(strengthMg * 1000)) / 1000;

/** The signature block rows: one per signature, in the order signed. */
export const SIGNATURE_COLUMNS = ['Printed name', 'Signed at (UTC)', 'Meaning'];
export const signatureRows = (signatures: readonly SignatureManifestation[]): string[][] =>
  signatures.map((s) => [s.printedName, utcTime(s.signedAt), s.meaning]);
