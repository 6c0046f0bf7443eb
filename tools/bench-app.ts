import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { HELP_CENTER, SIGNING_SECRET } from '../test/support/assist-fixture';
import { createTestDatabase } from '../test/support/test-database';
import { percentile } from './bench/figures';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';
export const BENCH_ARTICLES = Number(process.env.BENCH_ARTICLES ?? 300);
const WORDS = ['account', 'password', 'billing', 'invoice', 'shipping', 'delivery', 'refund', 'order', 'plan', 'team', 'export', 'import', 'report', 'login', 'email', 'mobile', 'app', 'sync', 'calendar', 'integration'];

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

// The admin API of an app at `baseUrl`, with the bench's token.
export function adminApi(baseUrl: string) {
  return async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<any>;
  };
}

// An organization as the pipeline bench works it: assist on, the Help Center fixture and BENCH_ARTICLES generated
// articles, a no-assist topic; its webhooks signed with the fixture's SIGNING_SECRET. Returns its id.
export async function setUpBenchOrganization(baseUrl: string, zendeskBaseUrl: string, name = 'Bench'): Promise<string> {
  const call = adminApi(baseUrl);
  const organization = await call('POST', '/admin/organizations', {
    name,
    zendesk: { baseUrl: zendeskBaseUrl, email: 'agent@example.com', apiToken: 'sim-token' },
    webhookSigningSecret: SIGNING_SECRET,
  });
  // The simulator is no Zendesk plan: the account's request budget set to its most (10,000 a minute, about 166
  // requests a second), so the drain measures our own cost until it reaches that; the budget is on every path.
  await call('PATCH', `/admin/organizations/${organization.id}/settings`, { assistEnabled: true, zendeskRequestsPerMinute: 10_000 });
  const generated = Array.from({ length: BENCH_ARTICLES }, (_, i) => ({
    externalId: `gen-${i}`,
    title: `${pick(i)} ${pick(i * 7 + 3)} guide ${i}`,
    body: Array.from({ length: 6 }, (_, p) => `<p>${sentence(i * 31 + p)}</p>`).join(''),
    url: `https://help.bench.test/articles/gen-${i}`,
    locale: 'en-us',
  }));
  const articles = [...HELP_CENTER, ...generated];
  for (let i = 0; i < articles.length; i += 100) {
    await call('POST', `/admin/organizations/${organization.id}/knowledge/articles`, { articles: articles.slice(i, i + 100) });
  }
  await call('POST', `/admin/organizations/${organization.id}/topics`, { name: 'Legal', description: 'Legal', keywords: ['lawsuit'], noAssist: true });
  return organization.id;
}

const pick = (i: number) => WORDS[Math.abs(i) % WORDS.length];
const sentence = (i: number) =>
  `To manage your ${pick(i)} open the ${pick(i + 3)} page and choose ${pick(i + 5)} settings, then confirm the ${pick(i + 11)} change by email.`;
// A customer's question that the generated articles answer.
export const benchQuestion = (i: number) => `Hello, how do I change the ${pick(i)} for my ${pick(i + 2)}? I tried the ${pick(i + 9)} page already.`;

// One warm-up run, then `runs` timed ones: their p50 and p99 in milliseconds.
export async function timeRuns(runs: number, run: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  await run();
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    durations.push(performance.now() - start);
  }
  return { p50: percentile(durations, 50), p99: percentile(durations, 99) };
}
