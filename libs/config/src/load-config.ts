import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { resolve } from 'node:path';
import type { EventStoreSettings } from '@lib/event-store';
import { EnvSchema } from './env.schema';

export interface AppConfig {
  http: { host: string; port: number };
  dataDir: string;
  eventStore: EventStoreSettings;
  admin: { username: string; password?: string };
  jwt: { secret?: string; ttlSeconds: number };
  scrypt: { cost: number };
  redis: { url: string; prefix: string };
  discrepancies: { openDispensationHours: number; sweepSeconds: number };
  jobs: { lockSeconds: number };
  /** Absent when no webhook is configured. */
  alerts?: { webhookUrl: string; webhookSecret: string };
  /** Regulator export bundles: where they go, when they are made, the key that signs them. */
  exports: {
    dir: string;
    cron: string;
    timeZone: string | null;
    /** A configured key file must exist; the default one is generated on first start. */
    signingKey: { file: string; generate: boolean };
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The variables EnvSchema declares (each carries validation rules). */
const VARIABLES = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(EnvSchema, '', true, false)
    .map((rule) => rule.propertyName),
);

const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Reads and validates the environment once, at boot. Nothing else reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(
    [...VARIABLES].filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]),
  );
  const parsed = plainToInstance(EnvSchema, present, { exposeDefaultValues: true });
  const problems = validateSync(parsed, { forbidUnknownValues: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
  if (!isPowerOfTwo(parsed.SCRYPT_COST)) problems.push('SCRYPT_COST: must be a power of two');
  if (parsed.EXPORT_TIMEZONE !== undefined && !isTimeZone(parsed.EXPORT_TIMEZONE)) {
    problems.push('EXPORT_TIMEZONE: must be an IANA time zone such as America/New_York');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = resolve(parsed.DATA_DIR);
  return {
    http: { host: parsed.HOST, port: parsed.PORT },
    dataDir,
    eventStore:
      parsed.EVENT_STORE === 'esdb'
        ? {
            kind: 'esdb',
            connectionString: parsed.ESDB_CONNECTION_STRING as string,
            streamPrefix: parsed.ESDB_STREAM_PREFIX ?? '',
            deadlineMs: parsed.STORE_DEADLINE_MS,
          }
        : { kind: 'embedded', file: resolve(dataDir, 'ledger.sqlite') },
    admin: { username: parsed.LEDGER_ADMIN_USERNAME, password: parsed.LEDGER_ADMIN_PASSWORD },
    jwt: { secret: parsed.JWT_SECRET, ttlSeconds: parsed.JWT_TTL_SECONDS },
    scrypt: { cost: parsed.SCRYPT_COST },
    redis: { url: parsed.REDIS_URL, prefix: parsed.REDIS_PREFIX },
    discrepancies: {
      openDispensationHours: parsed.OPEN_DISPENSATION_HOURS,
      sweepSeconds: parsed.DISCREPANCY_SWEEP_SECONDS,
    },
    jobs: { lockSeconds: parsed.JOB_LOCK_SECONDS },
    alerts: parsed.ALERT_WEBHOOK_URL
      ? { webhookUrl: parsed.ALERT_WEBHOOK_URL, webhookSecret: parsed.ALERT_WEBHOOK_SECRET as string }
      : undefined,
    exports: {
      dir: resolve(parsed.EXPORT_DIR ?? resolve(dataDir, 'exports')),
      cron: parsed.EXPORT_CRON,
      timeZone: parsed.EXPORT_TIMEZONE ?? null,
      signingKey: parsed.EXPORT_SIGNING_KEY_FILE
        ? { file: resolve(parsed.EXPORT_SIGNING_KEY_FILE), generate: false }
        : { file: resolve(dataDir, 'export-signing-key.pem'), generate: true },
    },
    logLevel: parsed.LOG_LEVEL,
  };
}
