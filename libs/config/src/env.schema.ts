import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

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
  @IsIn(['embedded'])
  EVENT_STORE: 'embedded' = 'embedded';

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

  @IsOptional()
  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';
}
