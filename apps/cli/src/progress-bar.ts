import type { Writable } from 'node:stream';

const WIDTH = 30;
const REDRAW_EVERY_MS = 100;

const n = (value: number) => Math.round(value).toLocaleString('en-US');

/** One line redrawn in place: how far, out of how many, and how fast. */
export class ProgressBar {
  private readonly started = performance.now();
  private drawnAt = 0;

  constructor(
    private readonly out: Writable,
    private readonly total: number,
  ) {}

  update(done: number): void {
    const now = performance.now();
    if (now - this.drawnAt < REDRAW_EVERY_MS) return;
    this.drawnAt = now;
    this.draw(done, now);
  }

  finish(done: number, summary: string): void {
    this.draw(done, performance.now());
    this.out.write(`\n${summary}\n`);
  }

  private draw(done: number, now: number): void {
    const fraction = this.total === 0 ? 1 : Math.min(1, done / this.total);
    const filled = Math.round(fraction * WIDTH);
    const rate = done / Math.max((now - this.started) / 1000, 1e-3);
    this.out.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%` +
        `  ${n(done)}/${n(this.total)} events  ${n(rate)} events/s`,
    );
  }
}
