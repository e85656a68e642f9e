import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives every setting its documented default', () => {
    expect(loadConfig({})).toEqual({
      http: { host: '127.0.0.1', port: 3000 },
      dataDir: resolve('./data'),
      eventStore: { kind: 'embedded', file: resolve('./data/ledger.sqlite') },
      admin: { username: 'admin', password: undefined },
      jwt: { secret: undefined, ttlSeconds: 900 },
      scrypt: { cost: 32768 },
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'ledger' },
      discrepancies: { openDispensationHours: 12, sweepSeconds: 300 },
      jobs: { lockSeconds: 30 },
      alerts: undefined,
      exports: {
        dir: resolve('./data/exports'),
        cron: '0 2 1 * *',
        timeZone: null,
        signingKey: { file: resolve('./data/export-signing-key.pem'), generate: true },
      },
      logLevel: 'info',
    });
  });

  it('takes a configured export key file as given, never generating one in its place', () => {
    expect(
      loadConfig({ EXPORT_SIGNING_KEY_FILE: '/etc/ledger/export.pem', EXPORT_TIMEZONE: 'America/Chicago' }).exports,
    ).toMatchObject({ signingKey: { file: '/etc/ledger/export.pem', generate: false }, timeZone: 'America/Chicago' });
  });

  it('refuses an export time zone or schedule it cannot use', () => {
    expect(() => loadConfig({ EXPORT_TIMEZONE: 'Mars/Olympus' })).toThrow(/EXPORT_TIMEZONE/);
    expect(() => loadConfig({ EXPORT_CRON: 'monthly' })).toThrow(/EXPORT_CRON/);
  });

  it('reads the environment it is given, converting numbers', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/var/lib/ledger',
      SCRYPT_COST: '16384',
      LOG_LEVEL: 'warn',
      UNRELATED: 'x',
    });
    expect(config).toMatchObject({
      http: { port: 8080 },
      eventStore: { file: '/var/lib/ledger/ledger.sqlite' },
      scrypt: { cost: 16384 },
      logLevel: 'warn',
    });
  });

  it('refuses to boot on invalid settings and names every one of them', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        EVENT_STORE: 'postgres',
        LEDGER_ADMIN_PASSWORD: 'short',
        SCRYPT_COST: '1000',
        JWT_SECRET: 'too-short',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = new Set((error as ConfigError).problems.map((p) => p.split(':')[0]));
    expect(names).toEqual(new Set(['EVENT_STORE', 'JWT_SECRET', 'LEDGER_ADMIN_PASSWORD', 'PORT', 'SCRYPT_COST']));
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', LEDGER_ADMIN_PASSWORD: '' })).toMatchObject({
      http: { port: 3000 },
      admin: { password: undefined },
    });
  });
});
