import { JsonLogger, type LogLevel } from '@lib/config';

/** A logger that keeps its lines for the test to read instead of printing them. */
export class RecordingLogger extends JsonLogger {
  readonly lines: { level: LogLevel; msg: string; fields: Record<string, unknown> }[] = [];

  override write(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level, msg, fields });
  }
}
