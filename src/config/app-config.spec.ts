import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError } from './app-config';

describe('AppConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'assist-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs on defaults outside production: embedded database, offline LLM, generated key, dev token', () => {
    const config = AppConfig.load({ DATA_DIR: dataDir });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.openAiApiKey).toBeUndefined();
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.adminToken).toBe('dev-admin-token');
    const key = config.secretsKey;
    expect(readFileSync(join(dataDir, 'secrets.key'), 'utf8')).toBe(key);
    expect(AppConfig.load({ DATA_DIR: dataDir }).secretsKey).toBe(key);
    expect(config.warnings.join('\n')).toMatch(/ADMIN_TOKEN[\s\S]*SECRETS_KEY/);
    expect(config.warnings.join('\n')).not.toContain(key);
  });

  it.each([
    ['PORT', { PORT: 'http' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }],
    ['ADMIN_TOKEN', { ADMIN_TOKEN: 'short' }],
    ['SECRETS_KEY', { SECRETS_KEY: 'too-short' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'not a url' }],
    ['OPENAI_BASE_URL', { OPENAI_BASE_URL: 'nope' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['LLM_MAX_RETRIES', { LLM_MAX_RETRIES: '-1' }],
    ['WORKER_ENABLED', { WORKER_ENABLED: 'yes' }],
    ['ZENDESK_ALLOW_INSECURE_BASE_URL', { ZENDESK_ALLOW_INSECURE_BASE_URL: '1' }],
    ['LOG_FORMAT', { LOG_FORMAT: 'text' }],
  ])('fails naming %s when it is invalid', (name, env) => {
    expect(() => AppConfig.load({ DATA_DIR: dataDir, ...env })).toThrow(ConfigError);
    expect(() => AppConfig.load({ DATA_DIR: dataDir, ...env })).toThrow(new RegExp(`^Invalid configuration:[\\s\\S]*${name}`));
  });

  it('never echoes a secret it refuses', () => {
    expect(() => AppConfig.load({ SECRETS_KEY: 'my-private-value' })).toThrow(/^(?![\s\S]*my-private-value)/);
  });

  it('requires ADMIN_TOKEN and SECRETS_KEY in production', () => {
    expect(() => AppConfig.load({ NODE_ENV: 'production' })).toThrow(/ADMIN_TOKEN, SECRETS_KEY required when NODE_ENV=production/);
    const config = AppConfig.load({ NODE_ENV: 'production', ADMIN_TOKEN: 'a'.repeat(20), SECRETS_KEY: 'b'.repeat(40) });
    expect(config.isProduction).toBe(true);
  });

  it('keeps the log format LOG_FORMAT forces, whatever stdout is', () => {
    expect(AppConfig.load({ DATA_DIR: dataDir, LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(AppConfig.load({ DATA_DIR: dataDir, LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });

  it('names the development admin token only while it is the one in use', () => {
    expect(AppConfig.load({ DATA_DIR: dataDir }).developmentAdminToken).toBe('dev-admin-token');
    expect(AppConfig.load({ DATA_DIR: dataDir, ADMIN_TOKEN: 'x'.repeat(20) }).developmentAdminToken).toBeUndefined();
  });
});
