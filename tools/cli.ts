// npm run cli -- sync --org <organizationId>
// Ops commands on the configured database (DATABASE_URL, or the embedded one in DATA_DIR: stop `npm start`
// first, the embedded database has one user at a time).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { AppConfig, ConfigError } from '../src/config/app-config';
import { SyncRunsService } from '../src/modules/knowledge-base/application/sync-runs.service';
import { SyncRun } from '../src/modules/knowledge-base/domain/sync-run';

const USAGE = 'usage: npm run cli -- sync --org <organizationId>';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { org: { type: 'string' } } });
  if (positionals[0] !== 'sync' || !values.org) {
    console.error(USAGE);
    return 2;
  }
  const config = AppConfig.load();
  // The full application, workers included: the sync runs here unless a running instance takes it first.
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  await app.init();
  try {
    return await sync(app.get(SyncRunsService), values.org);
  } finally {
    await app.close();
  }
}

async function sync(runs: SyncRunsService, organizationId: string): Promise<number> {
  const started = Date.now();
  let run = await runs.request(organizationId, 'cli');
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  for (let tick = 0; run.status === 'queued' || run.status === 'running'; tick++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    run = await runs.get(organizationId, run.id);
    progress(`${frames[tick % frames.length]} ${run.status} ${run.mode ?? ''} ${countsLine(run)}`);
  }
  progress('');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Sync ${run.id} ${run.status} (${run.mode ?? 'no help center'}) in ${seconds} s`);
  console.log(`  ${countsLine(run)}`);
  for (const problem of run.problems.slice(0, 20)) console.log(`  article ${problem.articleId} (${problem.locale}): ${problem.reason}${problem.detail ? `: ${problem.detail}` : ''}`);
  if (run.error) console.log(`  error: ${run.error}`);
  return run.status === 'succeeded' ? 0 : 1;
}

const countsLine = ({ counts: c }: SyncRun) =>
  `fetched ${c.fetched} · added ${c.added} · updated ${c.updated} · removed ${c.removed} · unchanged ${c.unchanged} · embedded ${c.embedded} · skipped ${c.skipped}`;

// One line redrawn in place on a terminal; plain lines when the output is a file or a pipe.
function progress(line: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${line}`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
