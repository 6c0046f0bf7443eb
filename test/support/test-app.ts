import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DestinationStream } from 'pino';
import { AppConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  config: AppConfig;
  // The environment the app was configured from, for a CLI run against the same database.
  env: Record<string, string>;
  close(): Promise<void>;
}

// The real app on a random loopback port, on a fresh database of the machine's PostgreSQL
// (or, with `embedded: true`, on the embedded PGlite one, as `npm start` runs it; or on the
// DATABASE_URL given in `env`, to run several instances on one database).
// A `port` of its own lets PUBLIC_BASE_URL name it, so the links in notes open as posted.
// Silent unless `logDestination` is given: then the app's JSON log lines are written there.
export async function startTestApp(
  options: { embedded?: boolean; env?: Record<string, string>; logDestination?: DestinationStream; port?: number } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assist-test-'));
  const ownDatabase = !options.embedded && !options.env?.DATABASE_URL;
  const database: TestDatabase | null = ownDatabase ? await createTestDatabase() : null;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    SECRETS_KEY: 'test-secrets-key-0123456789abcdef0123',
    ZENDESK_ALLOW_INSECURE_BASE_URL: 'true',
    JOB_RETRY_LIMIT: '2',
    JOB_RETRY_DELAY_SECONDS: '1',
    SYNC_SCHEDULER_SECONDS: '0',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  };
  const config = AppConfig.load(env);
  const app = await createApp(config, options.logDestination ? { logDestination: options.logDestination } : { logger: false });
  await app.listen(options.port ?? 0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    baseUrl,
    config,
    env,
    async close() {
      await app.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// A loopback port nobody listens on now, for an app whose PUBLIC_BASE_URL must name its own port.
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
