import { ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SyncRecords } from '../../src/modules/knowledge-base/application/ports/sync-records';
import { SyncRunsService } from '../../src/modules/knowledge-base/application/sync-runs.service';
import { chunkArticle } from '../../src/modules/knowledge-base/domain/article';
import { SimulatedApp, startAssistFixture } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

const execFileAsync = promisify(execFile);

const ARTICLES = 260;
const LIST_PATH = '/api/v2/help_center/en-us/articles.json';

// A sync process killed with SIGKILL in the middle of a full pass, and a fresh process that finishes it. The
// test app answers HTTP only (WORKER_ENABLED=false): the two CLI processes are the only workers.
describe('Help Center sync killed midway (SIGKILL), finished by a fresh process', () => {
  let fixture: SimulatedApp;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let db: DataSource;
  const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  beforeAll(async () => {
    fixture = await startAssistFixture({ organization: false, checkZendeskWrites: false, env: { WORKER_ENABLED: 'false' } });
    ({ zendesk, test } = fixture);
    db = test.app.get(DataSource);
  });
  afterAll(() => fixture?.close());

  const cliArgs = (organizationId: string) => ['-r', 'ts-node/register/transpile-only', 'tools/cli.ts', 'sync', '--org', organizationId];
  const cliEnv = () => ({ ...process.env, ...test.env, WORKER_ENABLED: 'true', SYNC_SCHEDULER_SECONDS: '0' });

  // Every article with exactly the chunks its body makes: an article is never stored in part.
  const storedArticles = (organizationId: string) =>
    db.query(
      `SELECT a.external_id, a.title, count(c.id)::int AS chunks
         FROM kb_articles a LEFT JOIN kb_chunks c ON c.article_id = a.id
        WHERE a.organization_id = $1
        GROUP BY a.id ORDER BY a.external_id::bigint`,
      [organizationId],
    ) as Promise<{ external_id: string; title: string; chunks: number }[]>;

  const TEXT_INDEXES = ['kb_article_postings_impact_idx', 'kb_chunks_tsv_idx', 'kb_postings_impact_idx'];
  const deferredIndexes = async () => ((await db.query(`SELECT name FROM kb_deferred_indexes ORDER BY name`)) as { name: string }[]).map((row) => row.name);
  const existingIndexes = async (names: string[]) =>
    ((await db.query(`SELECT indexname FROM pg_indexes WHERE indexname = ANY($1) ORDER BY indexname`, [names])) as { indexname: string }[]).map((row) => row.indexname);

  it('keeps whole articles only, and the next process resumes from the saved page', async () => {
    const { body: organization } = await request(test.baseUrl)
      .post('/admin/organizations')
      .set(auth)
      .send({ name: 'Killed', zendesk: { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' }, webhookSigningSecret: 'signing-secret-0123456789' })
      .expect(201);
    const organizationId: string = organization.id;
    const published = Array.from({ length: ARTICLES }, (_, i) =>
      zendesk.addArticle({ title: `Article ${i}`, body: `<h2>Setup</h2><p>Install step ${i}.</p><h2>Billing</h2><p>Invoice rule ${i}.</p>` }),
    );
    const expected = published.map((a) => ({ external_id: String(a.id), title: a.title, chunks: chunkArticle(a.title, a.body).length }));
    // Pages of 100: the third page is requested once the first two are saved, and never answered.
    let listed = 0;
    const thirdPage = zendesk.holdNext((_, path) => path === LIST_PATH && ++listed === 3);

    const killed = spawn(process.execPath, cliArgs(organizationId), { env: cliEnv(), stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => killed.once('exit', (code, signal) => resolve(signal ?? code)));
    await Promise.race([thirdPage.arrived, exited.then((how) => Promise.reject(new Error(`The CLI ended (${how}) before the third page`)))]);
    // Another instance looking for abandoned runs leaves a live one alone.
    expect(await test.app.get(SyncRunsService).reclaimAbandonedRuns()).toBe(0);
    const [live] = await db.query(`SELECT id, status FROM kb_sync_runs WHERE organization_id = $1`, [organizationId]);
    expect(live.status).toBe('running');
    killProcess(killed);
    expect(await exited).toBe('SIGKILL');
    thirdPage.release();

    const saved = await storedArticles(organizationId);
    expect(saved).toEqual(expected.slice(0, 200));
    // A first load into an empty knowledge base builds its text indexes when it ends: the killed one left that to the next.
    expect(await deferredIndexes()).toEqual(TEXT_INDEXES);
    expect(await existingIndexes(TEXT_INDEXES)).toEqual([]);
    const [{ full_pass: progress }] = await db.query(`SELECT full_pass FROM kb_sync_state WHERE organization_id = $1`, [organizationId]);
    expect(progress).toMatchObject({ localeIndex: 0, cursor: String(published[199].id) });

    const before = zendesk.requests.length;
    const { stdout } = await execFileAsync(process.execPath, cliArgs(organizationId), { env: cliEnv(), timeout: 45_000 });

    expect(stdout).toMatch(/^Sync [0-9a-f-]{36} succeeded \(full\) in [\d.]+ s$/m);
    // Only the third page: fetched, added and embedded again nothing of the first two.
    const chunksPerArticle = expected[0].chunks;
    expect(stdout).toContain(`fetched 60 · added 60 · updated 0 · removed 0 · unchanged 0 · embedded ${60 * chunksPerArticle} · skipped 0`);
    const pages = zendesk.requests.slice(before).filter((r) => r.path === LIST_PATH);
    expect(pages.map((r) => r.query['page[after]'])).toEqual([String(published[199].id)]);
    expect(await storedArticles(organizationId)).toEqual(expected);
    expect(await deferredIndexes()).toEqual([]);
    expect(await existingIndexes(TEXT_INDEXES)).toEqual(TEXT_INDEXES);

    const { body: runs } = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/help-center/sync`).set(auth).expect(200);
    expect(runs.items).toEqual([
      expect.objectContaining({ trigger: 'cli', status: 'succeeded', mode: 'full' }),
      expect.objectContaining({ trigger: 'cli', status: 'failed', error: expect.stringMatching(/abandoned/), finishedAt: expect.any(String) }),
    ]);
    const [state] = await db.query(`SELECT brand_id, full_pass FROM kb_sync_state WHERE organization_id = $1`, [organizationId]);
    expect(state.full_pass).toBeNull();
    // Had the killed run still been working, it could not have moved the saved point any more.
    const stale = { incrementalCursor: null, fullPass: progress, lastFullPassAt: null };
    expect(await test.app.get(SyncRecords).saveState(live.id, organizationId, state.brand_id, stale)).toBe(false);
    expect((await db.query(`SELECT full_pass FROM kb_sync_state WHERE organization_id = $1`, [organizationId]))[0].full_pass).toBeNull();
  }, 90_000);
});

function killProcess(child: ChildProcess): void {
  if (!child.kill('SIGKILL')) throw new Error(`Could not kill the CLI (pid ${child.pid})`);
}
