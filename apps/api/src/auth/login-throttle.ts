/** After this many failed logins for one username within the window, further attempts wait. */
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60 * 1000;
/** Forget expired failures of every username once this many are tracked (bounded memory). */
const SWEEP_ABOVE = 10_000;

/** Failed-login throttling per username, in this process (api-contract.md, section 1). */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  /** Seconds until the next attempt is allowed, or 0. */
  retryAfterSeconds(username: string, now: number): number {
    const recent = this.recent(username, now);
    return recent.length >= MAX_FAILURES ? Math.ceil((recent[0] + WINDOW_MS - now) / 1000) : 0;
  }

  /**
   * Counts a failed attempt. Answers, when this failure is the one that reaches the limit, the
   * time (ms) from which attempts are allowed again; null otherwise.
   */
  recordFailure(username: string, now: number): number | null {
    const recent = [...this.recent(username, now), now];
    this.failures.set(username, recent);
    if (this.failures.size > SWEEP_ABOVE) for (const name of [...this.failures.keys()]) this.recent(name, now);
    return recent.length === MAX_FAILURES ? recent[0] + WINDOW_MS : null;
  }

  recordSuccess(username: string): void {
    this.failures.delete(username);
  }

  private recent(username: string, now: number): number[] {
    const recent = (this.failures.get(username) ?? []).filter((t) => t > now - WINDOW_MS);
    if (recent.length === 0) this.failures.delete(username);
    return recent;
  }
}
