import { PASSWORD, ADMIN_PASSWORD, type TestLedger } from './test-ledger';

/** A DEA number with a correct check digit: two letters, six digits, then the check digit. */
export function deaNumber(letters: string, six: string): string {
  const d = [...six].map(Number);
  return `${letters}${six}${(d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10}`;
}

export const signed = { signature: { password: PASSWORD } };
export const witnessedBy = (username: string, password = PASSWORD) => ({ witnesses: [{ username, password }] });
export const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export interface Registrant {
  id: string;
  vault: string;
  clinic: string;
  /** A cabinet not approved for schedule I. */
  cabinet: string;
}

export interface Site extends Registrant {
  admin: string;
  pharmacist: string;
  investigator: string;
  compliance: string;
  regulator: string;
  /** A pharmacist of another registrant, and that registrant. */
  outsider: string;
  other: Registrant;
}

async function created(response: Promise<{ status: number; body: { id: string } }>): Promise<string> {
  const { status, body } = await response;
  if (status !== 201) throw new Error(`setup failed: ${status} ${JSON.stringify(body)}`);
  return body.id;
}

export async function addRegistrant(
  ledger: TestLedger,
  admin: string,
  dea: string,
  overrides: object = {},
): Promise<Registrant> {
  const id = await created(
    ledger.post('/registrants', admin, {
      name: `Research site ${dea}`,
      deaNumber: dea,
      activity: 'RESEARCHER',
      schedules: ['I'],
      address: { street: '1 Research Way', city: 'Boston', state: 'MA', postalCode: '02115' },
      registrationExpiresOn: '2099-12-31',
      timeZone: 'America/New_York',
      ...overrides,
    }),
  );
  const location = (name: string, kind: string, approvedSchedules: string[]) =>
    created(ledger.post(`/registrants/${id}/locations`, admin, { name, kind, approvedSchedules }));
  return {
    id,
    vault: await location('Vault A', 'VAULT', ['I']),
    clinic: await location('Clinic room 2', 'CLINIC_ROOM', ['I']),
    cabinet: await location('Hall cabinet', 'CABINET', []),
  };
}

export async function addUser(
  ledger: TestLedger,
  admin: string,
  username: string,
  roles: string[],
  registrantIds: string[],
): Promise<string> {
  await created(
    ledger.post('/users', admin, {
      username,
      printedName: `${username} (printed)`,
      password: PASSWORD,
      roles,
      registrantIds,
    }),
  );
  return ledger.login(username, PASSWORD);
}

/** A research registrant with a vault, a clinic room and a cabinet, and one user per role. */
export async function setUpSite(ledger: TestLedger): Promise<Site> {
  const admin = await ledger.login('admin', ADMIN_PASSWORD);
  const site = await addRegistrant(ledger, admin, deaNumber('RS', '123456'));
  const other = await addRegistrant(ledger, admin, deaNumber('RO', '765432'));
  return {
    ...site,
    other,
    admin,
    pharmacist: await addUser(ledger, admin, 'pat.pharmacist', ['PHARMACIST'], [site.id]),
    investigator: await addUser(ledger, admin, 'ivy.investigator', ['INVESTIGATOR'], [site.id]),
    compliance: await addUser(ledger, admin, 'cora.compliance', ['COMPLIANCE_OFFICER'], [site.id]),
    regulator: await addUser(ledger, admin, 'reg.inspector', ['REGULATOR'], [site.id]),
    outsider: await addUser(ledger, admin, 'otto.outsider', ['PHARMACIST'], [other.id]),
  };
}

export function receipt(site: Registrant, overrides: object = {}) {
  return {
    product: {
      substanceName: 'MDMA HCl',
      deaDrugCode: '7405',
      schedule: 'I',
      form: 'CAPSULE',
      strengthMg: 20,
      unitsPerContainer: 10,
    },
    lotNumber: 'MDM-24A-017',
    expiresOn: '2099-06-30',
    quantity: 100,
    locationId: site.vault,
    supplier: { name: 'Sponsor Pharma Distribution', deaNumber: 'PM7654329' },
    order: { form: 'DEA_222', number: '231234567' },
    occurredAt: minutesAgo(30),
    ...signed,
    ...overrides,
  };
}

/** Receives a lot and answers its id. */
export async function receiveLot(ledger: TestLedger, site: Site, overrides: object = {}): Promise<string> {
  const response = await ledger.post(`/registrants/${site.id}/lots`, site.pharmacist, receipt(site, overrides));
  if (response.status !== 201) throw new Error(`receipt failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.lot.lotId as string;
}

export function dispensation(site: Registrant, overrides: object = {}) {
  return {
    locationId: site.vault,
    quantity: 4,
    participantId: 'P-001',
    protocolId: 'MAPP-2',
    session: 1,
    doseType: 'INITIAL',
    occurredAt: minutesAgo(10),
    ...signed,
    ...overrides,
  };
}
