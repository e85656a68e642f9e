/** What the runner holding the lease publishes, for health checks and progress bars. */
export interface ProjectionStatus {
  /** `rebuilding` from the first event until caught up with the store; `live` from then on. */
  phase: 'rebuilding' | 'live';
  /** Global position of the last event projected (decimal string), null before the first. */
  position: string | null;
  /** Events projected since the runner last began: a rebuild from the start, or a restart from the checkpoint. */
  eventsProjected: number;
  updatedAt: string;
}
