/** Runs `beat` every `intervalMs`, skipping a tick while the previous beat is still running. */
export class Heartbeat {
  private readonly timer: NodeJS.Timeout;
  private beating?: Promise<void>;

  constructor(intervalMs: number, beat: () => Promise<void>, onError: (error: unknown) => void) {
    this.timer = setInterval(() => {
      this.beating ??= beat()
        .catch(onError)
        .finally(() => (this.beating = undefined));
    }, intervalMs);
  }

  /** No beat starts after this resolves, and none is still running. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
  }
}
