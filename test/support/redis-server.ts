import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import Redis from 'ioredis';

const READY_WITHIN_MS = 10_000;

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * A `redis-server` of a test's own, on a free port, keeping nothing on disk, so that a test may
 * flush or stop it without touching any other Redis. Stop it when done.
 */
export class RedisServer {
  private readonly clients = new Set<Redis>();

  /** Should the test process end without `stop()`, the server goes with it. */
  private readonly killOnExit = () => this.child.kill('SIGKILL');

  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    process.once('exit', this.killOnExit);
  }

  static async start(port?: number): Promise<RedisServer> {
    const chosen = port ?? (await freePort());
    const child = spawn(
      'redis-server',
      ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    const server = new RedisServer(chosen, child);
    const probe = new Redis(chosen, '127.0.0.1', {
      lazyConnect: true,
      retryStrategy: () => 20,
      maxRetriesPerRequest: null,
    });
    probe.on('error', () => undefined);
    try {
      await Promise.race([
        probe.ping(),
        once(child, 'exit').then(([code]) => Promise.reject(new Error(`redis-server exited with ${code}`))),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('redis-server did not answer')), READY_WITHIN_MS).unref(),
        ),
      ]);
    } catch (error) {
      await server.stop();
      throw error;
    } finally {
      probe.disconnect();
    }
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A client of this server, disconnected by `stop()`. */
  client(): Redis {
    const client = new Redis(this.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    this.clients.add(client);
    return client;
  }

  async stop(): Promise<void> {
    process.off('exit', this.killOnExit);
    await Promise.all(
      [...this.clients]
        .filter((client) => client.status !== 'end')
        .map((client) =>
          client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect(),
        ),
    );
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }
}
