import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, validateSync } from 'class-validator';
import { DEFAULT_GUARD_POLICY, GuardPolicy } from '../modules/zendesk/domain/request-budget';
import { chooseLogFormat, LOG_FORMATS, LogFormat } from '../shared/observability/log-format';

const DEV_ADMIN_TOKEN = 'dev-admin-token';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR: string = './.data';

  @IsOptional()
  @IsString()
  @MinLength(16)
  ADMIN_TOKEN?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32)
  SECRETS_KEY?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  OPENAI_API_KEY?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OPENAI_BASE_URL?: string;

  @IsString()
  LLM_MODEL: string = 'gpt-4o-mini';

  @IsString()
  EMBEDDING_MODEL: string = 'text-embedding-3-small';

  // LangChain's own retries of one LLM call (429, 5xx, network) before the job queue's retries take over.
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(10)
  LLM_MAX_RETRIES: number = 3;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LLM_TIMEOUT_SECONDS: number = 60;

  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  ZENDESK_ALLOW_INSECURE_BASE_URL: boolean = false;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(30)
  WEBHOOK_MAX_AGE_SECONDS: number = 600;

  // false: this instance answers HTTP only and leaves the queue to the instances that work it.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  WORKER_ENABLED: boolean = true;

  // Tickets one instance works on at the same time. A ticket mostly waits (on Zendesk, on PostgreSQL), and its jobs
  // are fetched and completed in two batches of half this: the bigger the batch, the less each ticket costs. The
  // drain bench's two workers on 2 cores: 132-138 tickets/s at 4, 141-155 at 8, 153-164 at 12 (docs/performance.md).
  // Above the pool's 10 connections a pipeline waits for one now and then; nothing holds one while waiting.
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY: number = 12;

  // How often the help-center sync scheduler looks for organizations due a sync; 0 turns it off.
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  SYNC_SCHEDULER_SECONDS: number = 60;

  // How often a worker instance erases the stored questions older than their organization's retention; 0 never.
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  QUESTION_RETENTION_SECONDS: number = 3600;

  // How often a ticket's job is retried (with exponential backoff) before its decision is `failed`.
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(20)
  JOB_RETRY_LIMIT: number = 5;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  JOB_RETRY_DELAY_SECONDS: number = 5;

  // A Zendesk account's circuit breaker opens after this many consecutive 5xx or network failures ...
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100)
  ZENDESK_BREAKER_FAILURES: number = 5;

  // ... and then lets one probe request through per cool-down.
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  ZENDESK_BREAKER_COOLDOWN_SECONDS: number = 30;

  // Retry-After is honoured in full up to this bound (15 minutes).
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  ZENDESK_MAX_PAUSE_SECONDS: number = 900;

  // How long the training link in a note opens its page.
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(365)
  TRAINING_LINK_DAYS: number = 30;

  // Log lines at this level and above.
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  // json or pretty. Unset: pretty outside production when stdout is a terminal, JSON lines everywhere else.
  @IsOptional()
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: LogFormat;
}

export class ConfigError extends Error {}

// Read once at boot. Every problem names its variable; secrets are never echoed.
export class AppConfig {
  readonly warnings: string[] = [];

  private constructor(private readonly env: EnvironmentVariables) {}

  static load(source: NodeJS.ProcessEnv = process.env): AppConfig {
    const raw = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
    const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
    const errors = validateSync(env, { whitelist: false });
    if (errors.length > 0) {
      const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
      throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
    }
    const config = new AppConfig(env);
    if (config.isProduction) {
      const missing = ['ADMIN_TOKEN', 'SECRETS_KEY'].filter((name) => !raw[name]);
      if (missing.length) throw new ConfigError(`Invalid configuration: ${missing.join(', ')} required when NODE_ENV=production`);
    }
    return config;
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }
  get port(): number {
    return this.env.PORT;
  }
  get databaseUrl(): string | undefined {
    return this.env.DATABASE_URL;
  }
  get dataDir(): string {
    return resolve(this.env.DATA_DIR);
  }
  get publicBaseUrl(): string {
    return (this.env.PUBLIC_BASE_URL ?? `http://localhost:${this.port}`).replace(/\/+$/, '');
  }
  get openAiApiKey(): string | undefined {
    return this.env.OPENAI_API_KEY;
  }
  get openAiBaseUrl(): string | undefined {
    return this.env.OPENAI_BASE_URL;
  }
  get llmModel(): string {
    return this.env.LLM_MODEL;
  }
  get embeddingModel(): string {
    return this.env.EMBEDDING_MODEL;
  }
  get llmCallPolicy(): { maxRetries: number; timeoutMs: number } {
    return { maxRetries: this.env.LLM_MAX_RETRIES, timeoutMs: this.env.LLM_TIMEOUT_SECONDS * 1000 };
  }
  get allowInsecureZendeskBaseUrl(): boolean {
    return this.env.ZENDESK_ALLOW_INSECURE_BASE_URL;
  }
  get webhookMaxAgeSeconds(): number {
    return this.env.WEBHOOK_MAX_AGE_SECONDS;
  }

  get workerEnabled(): boolean {
    return this.env.WORKER_ENABLED;
  }

  get syncSchedulerSeconds(): number {
    return this.env.SYNC_SCHEDULER_SECONDS;
  }

  get questionRetentionSeconds(): number {
    return this.env.QUESTION_RETENTION_SECONDS;
  }

  get workerConcurrency(): number {
    return this.env.WORKER_CONCURRENCY;
  }

  get trainingLinkDays(): number {
    return this.env.TRAINING_LINK_DAYS;
  }

  get logLevel(): LogLevel {
    return this.env.LOG_LEVEL;
  }

  get logFormat(): LogFormat {
    return chooseLogFormat({ production: this.isProduction, stdoutIsTty: process.stdout.isTTY === true, forced: this.env.LOG_FORMAT });
  }

  get jobRetry(): { retryLimit: number; retryDelaySeconds: number } {
    return { retryLimit: this.env.JOB_RETRY_LIMIT, retryDelaySeconds: this.env.JOB_RETRY_DELAY_SECONDS };
  }

  get zendeskGuardPolicy(): GuardPolicy {
    return {
      ...DEFAULT_GUARD_POLICY,
      breakerFailures: this.env.ZENDESK_BREAKER_FAILURES,
      coolDownMs: this.env.ZENDESK_BREAKER_COOLDOWN_SECONDS * 1000,
      maxPauseMs: this.env.ZENDESK_MAX_PAUSE_SECONDS * 1000,
    };
  }

  get adminToken(): string {
    if (this.env.ADMIN_TOKEN) return this.env.ADMIN_TOKEN;
    this.warnOnce(`ADMIN_TOKEN is not set: using the development token "${DEV_ADMIN_TOKEN}"`);
    return DEV_ADMIN_TOKEN;
  }

  // The well-known token when ADMIN_TOKEN is unset (never in production), for the start-up block to show.
  get developmentAdminToken(): string | undefined {
    return this.env.ADMIN_TOKEN ? undefined : DEV_ADMIN_TOKEN;
  }

  // Outside production a key is generated once into the data directory so restarts can still decrypt.
  get secretsKey(): string {
    if (this.env.SECRETS_KEY) return this.env.SECRETS_KEY;
    const file = join(this.dataDir, 'secrets.key');
    if (!existsSync(file)) {
      mkdirSync(this.dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
    }
    this.warnOnce(`SECRETS_KEY is not set: using the generated key in ${file}`);
    return readFileSync(file, 'utf8').trim();
  }

  private warnOnce(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }
}
