import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { OrganizationsService } from '../../src/modules/organizations/application/organizations.service';
import { Organization } from '../../src/modules/organizations/domain/organization';
import { createTestDatabase, TestDatabase } from '../../test/support/test-database';

export interface EvalApp {
  app: INestApplication;
  close(): Promise<void>;
}

// The real application (no HTTP listener, no queue worker) on a throw-away database: DATABASE_URL's server
// when set, else a temporary database on the machine's PostgreSQL.
export async function startEvalApp(): Promise<EvalApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assist-eval-'));
  const database: TestDatabase | null = process.env.DATABASE_URL ? null : await createTestDatabase();
  const config = AppConfig.load({
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ADMIN_TOKEN: 'eval-admin-token-0123456789',
    SECRETS_KEY: 'eval-secrets-key-0123456789abcdef0123',
    WORKER_ENABLED: 'false',
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const app = await createApp(config, { logger: false });
  await app.init();
  return {
    app,
    async close() {
      await app.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// A fresh organization, created through the same service the admin API uses.
export async function createEvalOrganization(app: INestApplication): Promise<Organization> {
  return app.get(OrganizationsService).register({
    name: `Evaluation ${new Date().toISOString()}`,
    zendesk: { subdomain: 'evaluation', email: 'eval@example.com', apiToken: 'unused' },
    webhookSigningSecret: 'evaluation-signing-secret',
  });
}
