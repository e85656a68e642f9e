import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

/**
 * Every environment variable the ledger reads, with its default. The README's configuration
 * table lists exactly these.
 */
export class EnvSchema {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '127.0.0.1';

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @IsOptional()
  @IsIn(['embedded', 'esdb'])
  EVENT_STORE: 'embedded' | 'esdb' = 'embedded';

  /** Required when EVENT_STORE=esdb, e.g. esdb+discover://node1:2113,node2:2113?tls=true */
  @ValidateIf((env: EnvSchema) => env.EVENT_STORE === 'esdb')
  @Matches(/^esdb(\+discover)?:\/\/.+/, {
    message: 'ESDB_CONNECTION_STRING must be an esdb:// or esdb+discover:// URL',
  })
  ESDB_CONNECTION_STRING?: string;

  /** Keeps this ledger's streams apart from others on a shared EventStoreDB (letters and digits). */
  @IsOptional()
  @Matches(/^[a-z0-9]{1,32}$/)
  ESDB_STREAM_PREFIX?: string;

  /** Every event-store call answers within this time, or the store counts as unavailable. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  STORE_DEADLINE_MS = 3000;

  @IsOptional()
  @Matches(/^[a-z0-9._-]{3,64}$/)
  LEDGER_ADMIN_USERNAME = 'admin';

  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  LEDGER_ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 900;

  /** scrypt cost parameter N (a power of two). Lower it only for benchmarks. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(1048576)
  SCRYPT_COST = 32768;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/)
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key the ledger writes (read models, their checkpoint), so several ledgers can share a Redis. */
  @IsOptional()
  @Matches(/^[a-z0-9_-]{1,32}$/)
  REDIS_PREFIX = 'ledger';

  /** Dispensed units still outstanding (not administered, returned or wasted) this long open a case. */
  @IsOptional()
  @Type(() => Number)
  @Min(0.001)
  @Max(720)
  OPEN_DISPENSATION_HOURS = 12;

  /** How often the worker sweeps every registrant for time-based discrepancies and deadlines. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  DISCREPANCY_SWEEP_SECONDS = 300;

  /**
   * How long a worker holds a job before BullMQ counts it stalled (its process died) and hands it
   * to another, and how often stalled jobs are looked for.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(600)
  JOB_LOCK_SECONDS = 30;

  /** Where case alerts (opened, escalated, deadline near) are POSTed; unset: no alerts are sent. */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'ALERT_WEBHOOK_URL must be an http:// or https:// URL' })
  ALERT_WEBHOOK_URL?: string;

  /** The HMAC-SHA256 key of the X-Ledger-Signature header on every alert; required with ALERT_WEBHOOK_URL. */
  @ValidateIf((env: EnvSchema) => env.ALERT_WEBHOOK_URL !== undefined)
  @IsString()
  @MinLength(16)
  ALERT_WEBHOOK_SECRET?: string;

  /** Where regulator export bundles are written (default: DATA_DIR/exports). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  EXPORT_DIR?: string;

  /** When each registrant's export of the previous month is generated (cron: five fields, or six with seconds first). */
  @IsOptional()
  @Matches(/^\S+( \S+){4,5}$/, {
    message: 'EXPORT_CRON must be a cron expression of five fields (or six, with seconds first)',
  })
  EXPORT_CRON = '0 2 1 * *';

  /** The time zone EXPORT_CRON runs in; unset: each registrant's own time zone. */
  @IsOptional()
  @IsString()
  EXPORT_TIMEZONE?: string;

  /**
   * PEM file of the Ed25519 private key that signs export manifests; unset: one generated on first
   * start and kept in DATA_DIR (mode 0600).
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  EXPORT_SIGNING_KEY_FILE?: string;

  @IsOptional()
  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';
}
