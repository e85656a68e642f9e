import type { Address } from '@lib/ledger';
import { localDateAndUtc, utcTime, type SignatureManifestation } from './display-values';

/** The registrant block of a DEA form; the ledger keeps no contact or telephone, so they are optional. */
export interface FormRegistrant {
  name: string;
  deaNumber: string;
  address: Address;
  /** IANA zone: a form's dates are the registrant's calendar dates. */
  timeZone: string;
  contact?: { name: string; telephone: string | null } | null;
}

const BY_HAND = 'Not recorded in the ledger: enter by hand';

/** The registrant section of Forms 41 and 106. */
export const registrantFields = (r: FormRegistrant): [string, string][] => [
  ['Registered name', r.name],
  ['DEA number', r.deaNumber],
  ['Registered address', r.address.street],
  ['City, state, ZIP', `${r.address.city}, ${r.address.state} ${r.address.postalCode}`],
  ['Contact', r.contact?.name ?? BY_HAND],
  ['Telephone', r.contact?.telephone ?? BY_HAND],
];

/** The e-signature manifestation (21 CFR 11.50) as the forms print it. */
export const signedElectronically = (s: SignatureManifestation): string =>
  `Signed electronically by ${s.printedName} at ${utcTime(s.signedAt)}; meaning: ${s.meaning}`;

/**
 * One field per signer, holding the printed name, the signature and the date, so that a page
 * break never separates a signer's name from their signature.
 */
export const signerFields = (signatures: readonly SignatureManifestation[], timeZone: string): [string, string][] =>
  signatures.map((s, i) => [
    `Signer ${i + 1}`,
    `Printed name: ${s.printedName}\n${signedElectronically(s)}\nDate: ${localDateAndUtc(s.signedAt, timeZone)}`,
  ]);
