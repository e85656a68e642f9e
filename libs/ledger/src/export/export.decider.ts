import type { Decider, DomainEvent } from '../shared/decider';
import { invalid } from '../shared/ledger-error';

/**
 * A regulator export bundle written for one registrant and period. Its id follows from the
 * registrant and the period, so a period has one stream and one bundle, however often a schedule
 * fires or a job is retried; the manifest's SHA-256 ties the files on disk to the ledger.
 */
export type ExportGenerated = DomainEvent<
  'ExportGenerated',
  {
    exportId: string;
    registrantId: string;
    /** The period as given (dates) and the instants it stands for. */
    from: string;
    to: string;
    startsAt: string;
    endsAt: string;
    /** SHA-256 of `manifest.json`, and the key that signed it. */
    manifestSha256: string;
    keyId: string;
    generatedAt: string;
    events: number;
    files: string[];
    requestedBy: { userId: string; printedName: string } | 'SCHEDULE';
  }
>;

export type ExportEvent = ExportGenerated;

export type RecordExport = { type: 'RecordExport'; data: ExportGenerated['data'] };

export type ExportState = { status: 'none' } | { status: 'generated'; manifestSha256: string };

export const exportDecider: Decider<RecordExport, ExportEvent, ExportState> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => ({ status: 'generated', manifestSha256: event.data.manifestSha256 }),
  decide: ({ data }, state) => {
    if (!(Date.parse(data.startsAt) < Date.parse(data.endsAt)))
      throw invalid('to', 'The period must end after it starts.');
    if (Date.parse(data.endsAt) > Date.parse(data.generatedAt)) {
      throw invalid('to', 'A period is exported once it has ended.');
    }
    if (!/^[0-9a-f]{64}$/.test(data.manifestSha256)) throw invalid('manifestSha256', 'Not a SHA-256 hex digest.');
    // One bundle a period: the first recorded stands, and recording it again adds nothing.
    return state.status === 'generated' ? [] : [{ type: 'ExportGenerated', data }];
  },
};
