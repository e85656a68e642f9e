import { minutesAgo, receiveLot, signed, witnessedBy, type Site } from './site';
import type { TestLedger } from './test-ledger';

export interface SeededSite {
  lotId: string;
  destructionEventId: string;
  lossEventId: string;
  /** When the first act happened: a period from here to after seeding holds them all. */
  startedAt: string;
}

async function ok(response: Promise<{ status: number; body: Record<string, unknown> }>, what: string) {
  const { status, body } = await response;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * An MDMA trial site's month, through the API: a lot received and split between vault and clinic
 * room; three participants dosed in three sessions each (3 capsules of 20 mg); one dose returned
 * sealed, one wasted (vomited) under witness, the rest administered; 5 capsules destroyed (Form 41),
 * 2 lost (Form 106); a count that agrees, then one a capsule short (a variance case follows).
 * Acts are dated over the past 50 minutes, in the order they happen.
 */
export async function seedMdmaSite(ledger: TestLedger, site: Site): Promise<SeededSite> {
  const startedAt = minutesAgo(55);
  const lots = `/registrants/${site.id}/lots`;
  let minute = 50;
  const at = () => minutesAgo(minute--);
  const lotId = await receiveLot(ledger, site, { occurredAt: at() });
  await ok(
    ledger.post(`${lots}/${lotId}/transfers`, site.pharmacist, {
      occurredAt: at(),
      fromLocationId: site.vault,
      toLocationId: site.clinic,
      quantity: 30,
      ...signed,
      ...witnessedBy('ivy.investigator'),
    }),
    'transfer',
  );
  for (const participantId of ['P-001', 'P-002', 'P-003']) {
    for (const session of [1, 2, 3]) {
      const dispensed = await ok(
        ledger.post(`${lots}/${lotId}/dispensations`, site.pharmacist, {
          occurredAt: at(),
          locationId: site.clinic,
          quantity: 3,
          participantId,
          protocolId: 'MAPP-2',
          session,
          doseType: 'INITIAL',
          ...signed,
        }),
        'dispense',
      );
      const dose = `${lots}/${lotId}/dispensations/${dispensed.dispensationId as string}`;
      if (participantId === 'P-002' && session === 2) {
        await ok(
          ledger.post(`${dose}/returns`, site.investigator, {
            occurredAt: at(),
            quantity: 3,
            toLocationId: site.vault,
            integrity: 'SEALED',
            ...signed,
            ...witnessedBy('pat.pharmacist'),
          }),
          'return',
        );
      } else if (participantId === 'P-003' && session === 1) {
        await ok(
          ledger.post(`${dose}/administrations`, site.investigator, { occurredAt: at(), quantity: 2, ...signed }),
          'administer',
        );
        await ok(
          ledger.post(`${dose}/wastage`, site.investigator, {
            occurredAt: at(),
            quantity: 1,
            reason: 'VOMITED',
            method: 'Capsule recovered and sealed in waste container',
            ...signed,
            ...witnessedBy('pat.pharmacist'),
          }),
          'waste',
        );
      } else {
        await ok(
          ledger.post(`${dose}/administrations`, site.investigator, { occurredAt: at(), quantity: 3, ...signed }),
          'administer',
        );
      }
    }
  }
  await ok(
    ledger.post(`${lots}/${lotId}/destructions`, site.pharmacist, {
      occurredAt: at(),
      locationId: site.vault,
      quantity: 5,
      method: 'Chemical digestion to a non-retrievable state',
      ...signed,
      ...witnessedBy('cora.compliance'),
    }),
    'destroy',
  );
  // Vault: 100 − 30 + 3 − 5 = 68; clinic: 30 − 27 = 3.
  await ok(
    ledger.post(`/registrants/${site.id}/counts`, site.compliance, {
      occurredAt: at(),
      kind: 'PERIODIC',
      businessTime: 'CLOSE',
      lines: [
        { lotId, locationId: site.vault, units: 68 },
        { lotId, locationId: site.clinic, units: 3 },
      ],
      ...signed,
      ...witnessedBy('pat.pharmacist'),
    }),
    'first count',
  );
  const lossAt = at();
  await ok(
    ledger.post(`${lots}/${lotId}/losses`, site.compliance, {
      occurredAt: lossAt,
      discoveredAt: lossAt,
      locationId: site.vault,
      quantity: 2,
      kind: 'LOSS',
      description: 'Two capsules missing from an opened container after a shelf collapse',
      ...signed,
    }),
    'loss',
  );
  // Vault: 68 − 2 = 66 on the book; 65 found.
  await ok(
    ledger.post(`/registrants/${site.id}/counts`, site.pharmacist, {
      occurredAt: at(),
      kind: 'AD_HOC',
      businessTime: 'OPENING',
      lines: [
        { lotId, locationId: site.vault, units: 65 },
        { lotId, locationId: site.clinic, units: 3 },
      ],
      ...signed,
      ...witnessedBy('ivy.investigator'),
    }),
    'second count',
  );
  const events = (await ledger.get(`${lots}/${lotId}/events`, site.compliance)).body as {
    type: string;
    eventId: string;
  }[];
  const eventOf = (type: string) => events.find((e) => e.type === type)?.eventId as string;
  return { lotId, destructionEventId: eventOf('StockDestroyed'), lossEventId: eventOf('LossReported'), startedAt };
}
