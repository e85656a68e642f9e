import type { Job } from 'bullmq';

/** A registrant's monthly export, fired by its job scheduler: the period follows from when it was due. */
export type ScheduledExportJob = Job<{ registrantId: string }, unknown, 'scheduled'>;

/** An export a compliance officer asked for (`POST /exports`); its job id is the export id. */
export type RequestedExportJob = Job<
  { registrantId: string; from: string; to: string; requestedBy: { userId: string; printedName: string } },
  unknown,
  'requested'
>;

export type ExportJob = ScheduledExportJob | RequestedExportJob;

export const exportSchedulerId = (registrantId: string) => `export-${registrantId}`;
