import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Target } from './child';
import { stopChild, track } from './scratch';

export const CONNECTIONS = 50;
export const WARM_UP_SECONDS = 3;
export const MEASURED_SECONDS = 10;
/** Under the production KDF, 50 queued requests wait seconds: a slow answer is a latency, not a failure. */
const TIMEOUT_SECONDS = 30;
const ALONE_SAMPLES = 5;
/** Setting up the ledger under the production KDF takes about 10 s here. */
const READY_WITHIN_MS = 120_000;
const REGISTER_TS = resolve(__dirname, '../support/register-ts.js');

export interface Server<T extends Target> {
  target: T;
  stop(): Promise<void>;
}

export interface HttpFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  meanLatency: number;
  /** One request with nothing else in flight, median of ALONE_SAMPLES. */
  aloneMs: number;
  non2xx: number;
  bytesPerResponse: number;
}

/** Starts `entry` (a `serve()` module in this directory) in its own process, off the load generator's event loop. */
export async function startServer<T extends Target>(entry: string, args: string[] = []): Promise<Server<T>> {
  const child = track(
    fork(join(__dirname, entry), args, {
      execArgv: ['-r', REGISTER_TS],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  const target = await new Promise<T>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`${entry} not ready within ${READY_WITHIN_MS} ms`)), READY_WITHIN_MS);
    child.once('message', (message) => {
      clearTimeout(timer);
      ready(message as T);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`${entry} exited (${signal ?? code}) before it was ready`));
    });
  }).catch(async (error: unknown) => {
    await stopChild(child);
    throw error;
  });
  return { target, stop: () => stopChild(child) };
}

const headersFor = (target: Target) => ({
  ...target.headers,
  'content-type': 'application/json',
  'idempotency-key': randomUUID(),
});

/** POSTs the target's body over CONNECTIONS connections, without pipelining, for `seconds`. */
async function load(target: Target, seconds: number): Promise<Omit<HttpFigures, 'aloneMs'>> {
  let sent = 0;
  const failures: string[] = [];
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    timeout: TIMEOUT_SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          path: target.paths[sent++ % target.paths.length],
          headers: headersFor(target),
          body: target.body,
        }),
        onResponse: (status, body) => {
          if ((status < 200 || status > 299) && failures.length < 3) failures.push(`${status} ${body.slice(0, 500)}`);
        },
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(
      `${failed} of ${result.requests.total} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, ` +
        `timeouts ${result.timeouts}). First answers:\n  ${failures.join('\n  ')}`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    meanLatency: result.latency.mean,
    non2xx: result.non2xx,
    bytesPerResponse: result.throughput.total / result.requests.total,
  };
}

/** One request on its own; answers its latency in ms. */
async function sendOne(target: Target): Promise<number> {
  const start = performance.now();
  const response = await fetch(`http://127.0.0.1:${target.port}${target.paths[0]}`, {
    method: 'POST',
    headers: headersFor(target),
    body: target.body,
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`a single request failed: ${response.status} ${body.slice(0, 500)}`);
  return performance.now() - start;
}

/**
 * A warm-up; one request, which also waits out what the warm-up left queued; single requests
 * timed alone; then the measured run.
 */
export async function measure(target: Target): Promise<HttpFigures> {
  await load(target, WARM_UP_SECONDS);
  await sendOne(target);
  const alone: number[] = [];
  for (let i = 0; i < ALONE_SAMPLES; i++) alone.push(await sendOne(target));
  const aloneMs = alone.sort((a, b) => a - b)[Math.floor(ALONE_SAMPLES / 2)];
  return { ...(await load(target, MEASURED_SECONDS)), aloneMs };
}
