// The database's commit ceiling: one-row INSERT commits from CONNECTIONS clients, by pgbench (a C client that costs
// almost nothing per commit) and by Node with `pg` (one event loop paying for the protocol, as the app does).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { percentile } from './figures';
import { CONNECTIONS, LOAD_SECONDS, LoadFigures, withLoad } from './load';

export type CommitFigures = Pick<LoadFigures, 'perSecond' | 'p50' | 'p99' | 'load'>;

// About the size of a webhook event row's payload; a scratch table, dropped with its database.
const PAYLOAD = JSON.stringify({ ticket_id: '123456', event: 'ticket.updated', detail: 'x'.repeat(80) });
const CREATE = `CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, client_id int NOT NULL, payload jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())`;
// The same statement from both clients, as a parameter in the extended protocol (what `pg` sends).
const INSERT_SQL = `INSERT INTO bench_commits (client_id, payload) VALUES ($1, '${PAYLOAD}')`;
const INSERT_PGBENCH = `INSERT INTO bench_commits (client_id, payload) VALUES (:client_id, '${PAYLOAD}');\n`;

export async function prepareCommitTable(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(CREATE);
  } finally {
    await client.end();
  }
}

// pgbench -c 16 -j 2 -T 10 -M extended with a per-transaction log, for its percentiles.
export function pgbenchCommits(databaseUrl: string): Promise<CommitFigures> {
  return withLoad(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assist-bench-pgbench-'));
    try {
      const script = join(dir, 'insert.sql');
      writeFileSync(script, INSERT_PGBENCH);
      const args = ['-n', '-M', 'extended', '-c', String(CONNECTIONS), '-j', '2', '-T', String(LOAD_SECONDS), '-f', script, '-l', '--log-prefix', join(dir, 'tx'), databaseUrl];
      const output = await runPgbench(args);
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
      if (!tps) throw new Error(`pgbench printed no tps:\n${output}`);
      // Each log line: client_id transaction_no latency_µs script_no epoch_s epoch_µs.
      const latencies = readdirSync(dir)
        .filter((file) => file.startsWith('tx'))
        .flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n'))
        .filter(Boolean)
        .map((line) => Number(line.split(' ')[2]) / 1000);
      return { perSecond: Number(tps[1]), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

function runPgbench(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.BENCH_PGBENCH ?? 'pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`pgbench exited ${code}:\n${output}`))));
  });
}

// The same INSERT from this process with `pg`: CONNECTIONS clients, each committing one row after the other.
export function nodeCommits(databaseUrl: string): Promise<CommitFigures> {
  return withLoad(async () => {
    const clients = Array.from({ length: CONNECTIONS }, () => new Client({ connectionString: databaseUrl }));
    // A query in flight rejects with its error; an idle client's (its database dropped on Ctrl-C) has nothing to fail.
    for (const client of clients) client.on('error', () => undefined);
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const latencies: number[] = [];
      const insertFor = (client: Client, i: number) => client.query(INSERT_SQL, [i]);
      await Promise.all(clients.map((client, i) => insertFor(client, i))); // warm: connections and plans
      const started = performance.now();
      const deadline = started + LOAD_SECONDS * 1000;
      await Promise.all(
        clients.map(async (client, i) => {
          while (performance.now() < deadline) {
            const t0 = performance.now();
            await insertFor(client, i);
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });
}
