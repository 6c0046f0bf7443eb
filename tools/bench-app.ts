import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { createTestDatabase } from '../test/support/test-database';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

export interface BenchApp {
  app: INestApplication;
  // http://127.0.0.1:<port>
  baseUrl: string;
  close(): Promise<void>;
}

// The real application listening on loopback, no queue worker or scheduler, on a throw-away database.
export async function startBenchApp(name: string): Promise<BenchApp> {
  const dataDir = mkdtempSync(join(tmpdir(), `assist-bench-${name}-`));
  const database = await createTestDatabase();
  const config = AppConfig.load({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    SECRETS_KEY: 'bench-secrets-key-0123456789abcdef0123',
    ZENDESK_ALLOW_INSECURE_BASE_URL: 'true',
    WORKER_ENABLED: 'false',
    SYNC_SCHEDULER_SECONDS: '0',
  });
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    baseUrl,
    async close() {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
