import { Injectable } from '@nestjs/common';

/** The server's time. Tests may replace it; nothing else calls `new Date()` for recorded times. */
@Injectable()
export class Clock {
  now(): string {
    return new Date().toISOString();
  }
}
