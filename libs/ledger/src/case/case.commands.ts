import type { Signer } from '../shared/people';
import type {
  DeaNoticeSent,
  DeadlineKind,
  DiscrepancyAcknowledged,
  DiscrepancyResolved,
  Finding,
  Form106Filed,
} from './case.events';

/** A rule's finding, flagged by the system (no person signs it). */
export type FlagDiscrepancy = { type: 'FlagDiscrepancy'; data: Finding & { caseId: string }; now: string };

/** A deadline checked by the system's sweep. */
export type EscalateDeadline = { type: 'EscalateDeadline'; caseId: string; deadline: DeadlineKind; now: string };

/** A person's act on a case: signed, for a registrant they belong to. */
type SignedCaseCommand<Type extends string, Data> = { type: Type; data: Data; signer: Signer; now: string };

export type AcknowledgeDiscrepancy = SignedCaseCommand<'AcknowledgeDiscrepancy', DiscrepancyAcknowledged['data']>;
export type ResolveDiscrepancy = SignedCaseCommand<
  'ResolveDiscrepancy',
  Omit<DiscrepancyResolved['data'], 'reference'> & {
    /** The event the resolution names, as the edge found it in the case's lot (null when not found or none given). */
    reference: { eventId: string; type: string; lotId: string } | null;
  }
>;
export type RecordDeaNotice = SignedCaseCommand<'RecordDeaNotice', DeaNoticeSent['data']>;
export type RecordForm106 = SignedCaseCommand<'RecordForm106', Form106Filed['data']>;

export type CaseCommand =
  FlagDiscrepancy | EscalateDeadline | AcknowledgeDiscrepancy | ResolveDiscrepancy | RecordDeaNotice | RecordForm106;
