import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HelpCenterSyncService } from '../../src/modules/knowledge-base/application/help-center-sync.service';
import { SimulatedApp, startAssistFixture } from '../support/assist-fixture';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

const execFileAsync = promisify(execFile);

interface RunView {
  id: string;
  status: string;
  mode: string;
  trigger: string;
  error: string | null;
  counts: Record<string, number>;
  problems: { articleId: string; reason: string }[];
}

// Zendesk Guide → knowledge base through the real entry points: admin API, queue worker, simulator over HTTP,
// embeddings from an OpenAI-compatible server so that every embedding call is counted where it lands.
describe('Help Center sync (real PostgreSQL, Zendesk simulator, OpenAI-compatible embeddings)', () => {
  let fixture: SimulatedApp;
  let zendesk: ZendeskSimulator;
  let openAi: FakeOpenAiServer;
  let test: TestApp;
  let db: DataSource;
  const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  beforeAll(async () => {
    openAi = await FakeOpenAiServer.start();
    fixture = await startAssistFixture({
      organization: false,
      checkZendeskWrites: false,
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openAi.baseUrl, EMBEDDING_MODEL: 'embed-test', LLM_MAX_RETRIES: '0' },
    });
    ({ zendesk, test } = fixture);
    db = test.app.get(DataSource);
  });
  afterAll(() => fixture?.close());
  afterAll(() => openAi?.close());

  const createOrganization = async () => {
    const { body } = await request(test.baseUrl)
      .post('/admin/organizations')
      .set(auth)
      .send({ name: 'Guide', zendesk: { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' }, webhookSigningSecret: 'signing-secret-0123456789' })
      .expect(201);
    return body.id as string;
  };

  const sync = async (organizationId: string): Promise<RunView> => {
    const { body: queued } = await request(test.baseUrl).post(`/admin/organizations/${organizationId}/help-center/sync`).set(auth).expect(202);
    return waitForRun(organizationId, queued.id);
  };

  const waitForRun = async (organizationId: string, runId: string): Promise<RunView> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/help-center/sync/${runId}`).set(auth).expect(200);
      if (body.status === 'succeeded' || body.status === 'failed') return body;
      if (Date.now() > deadline) throw new Error(`Sync ${runId} still ${body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const articles = (organizationId: string) =>
    db.query(
      `SELECT external_id, locale, title, source, brand_id, section_name, category_name, visibility, ts_config::text AS ts_config
         FROM kb_articles WHERE organization_id = $1 ORDER BY length(external_id), external_id, locale`,
      [organizationId],
    ) as Promise<Record<string, string>[]>;
  const embeddingCalls = () => openAi.callsTo('/v1/embeddings').length;

  describe('one organization over several syncs', () => {
    let organizationId: string;
    let published: { id: number; locale: string }[];
    let restrictedId: number;
    let passwordArticleId: number;

    beforeAll(async () => {
      organizationId = await createOrganization();
      await request(test.baseUrl)
        .post(`/admin/organizations/${organizationId}/knowledge/articles`)
        .set(auth)
        .send({ articles: [{ externalId: 'api-1', title: 'Uploaded by hand', body: '<p>Kept by every sync.</p>', url: 'https://x.test/1', locale: 'en-us' }] })
        .expect(200);
      const section = zendesk.addSection({ name: 'Passwords', categoryName: 'Account' });
      const signedIn = zendesk.addUserSegment({ name: 'Customers', userType: 'signed_in_users' });
      const staff = zendesk.addUserSegment({ name: 'Agents', userType: 'staff' });
      const second = zendesk.addBrand('Second brand');
      const body = '<h2>Reset</h2><p>Click Forgot password on the sign-in page.</p><h2>Expiry</h2><p>The link expires after a day.</p>';
      const password = zendesk.addArticle({ title: 'Reset your password', body, section_id: section });
      passwordArticleId = password.id;
      const german = zendesk.addArticle({ title: 'Passwort zurücksetzen', body: '<p>Klicken Sie auf Passwort vergessen.</p>', locale: 'de', id: password.id });
      const restricted = zendesk.addArticle({ title: 'Refunds for members', body: '<p>Members get refunds within 30 days.</p>', user_segment_id: signedIn });
      restrictedId = restricted.id;
      const internal = zendesk.addArticle({ title: 'Escalation playbook', body: '<p>Escalate outages to on-call.</p>', user_segment_id: staff });
      zendesk.addArticle({ title: 'Unfinished', body: '<p>Draft</p>', draft: true });
      zendesk.addArticle({ title: 'Old pricing', body: '<p>Outdated</p>', outdated: true });
      const otherBrand = zendesk.addArticle({ title: 'Second brand shipping', body: '<p>Ships from Norway.</p>', brandId: second.id });
      published = [password, german, restricted, internal, otherBrand].map(({ id, locale }) => ({ id, locale }));
    });

    it('pulls every locale and brand with section, category and visibility; leaves drafts, outdated and uploaded articles alone', async () => {
      const run = await sync(organizationId);

      expect(run).toMatchObject({ status: 'succeeded', mode: 'full', trigger: 'api', error: null });
      expect(run.counts).toMatchObject({ fetched: 7, added: 5, updated: 0, removed: 0, unchanged: 0 });
      const rows = await articles(organizationId);
      expect(rows.filter((r) => r.source === 'help_center').map((r) => [Number(r.external_id), r.locale])).toEqual(
        published.map(({ id, locale }) => [id, locale]).sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1]))),
      );
      const byTitle = Object.fromEntries(rows.map((r) => [r.title, r]));
      expect(byTitle['Reset your password']).toMatchObject({ section_name: 'Passwords', category_name: 'Account', visibility: 'public', ts_config: 'english' });
      expect(byTitle['Passwort zurücksetzen']).toMatchObject({ locale: 'de', ts_config: 'german' });
      expect(byTitle['Refunds for members'].visibility).toBe('restricted');
      expect(byTitle['Escalation playbook'].visibility).toBe('internal');
      expect(byTitle['Second brand shipping'].brand_id).not.toBe(byTitle['Reset your password'].brand_id);
      expect(byTitle['Uploaded by hand'].source).toBe('api');
    });

    it('costs no embedding call when nothing changed', async () => {
      const before = embeddingCalls();
      const run = await sync(organizationId);
      expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental' });
      expect(run.counts).toMatchObject({ added: 0, updated: 0, removed: 0, embedded: 0 });
      expect(embeddingCalls()).toBe(before);
    });

    it('re-embeds only the changed section of an edited article, and drops an article turned draft', async () => {
      zendesk.updateArticle(passwordArticleId, 'en-us', {
        body: '<h2>Reset</h2><p>Click Forgot password on the sign-in page.</p><h2>Expiry</h2><p>The link expires after an hour.</p>',
      });
      zendesk.updateArticle(passwordArticleId, 'de', { draft: true });
      const before = embeddingCalls();

      const run = await sync(organizationId);

      expect(run.counts).toMatchObject({ updated: 1, removed: 1, embedded: 1 });
      expect(embeddingCalls()).toBe(before + 1);
      expect((await articles(organizationId)).map((r) => r.title)).not.toContain('Passwort zurücksetzen');
    });

    it('removes archived and deleted articles at the periodic full reconciliation', async () => {
      zendesk.removeArticle(restrictedId);
      const incremental = await sync(organizationId);
      expect(incremental.counts.removed).toBe(0);

      await db.query(`UPDATE kb_sync_state SET last_full_pass_at = now() - interval '2 days' WHERE organization_id = $1`, [organizationId]);
      const run = await sync(organizationId);

      expect(run).toMatchObject({ mode: 'full', counts: expect.objectContaining({ removed: 1 }) });
      expect((await articles(organizationId)).map((r) => r.title)).not.toContain('Refunds for members');
      expect((await articles(organizationId)).map((r) => r.title)).toContain('Uploaded by hand');
    });
  });

  it('queues syncs on its schedule once an organization is due', async () => {
    const organizationId = await createOrganization();
    await db.query(`UPDATE organizations SET help_center_sync_minutes = 1 WHERE id = $1`, [organizationId]);
    await sync(organizationId);
    await db.query(`UPDATE kb_sync_runs SET queued_at = queued_at - interval '2 minutes' WHERE organization_id = $1`, [organizationId]);
    // Another instance on the same database, with its scheduler ticking every second.
    const scheduling = await startTestApp({ env: { ...test.env, SYNC_SCHEDULER_SECONDS: '1' } });
    try {
      const deadline = Date.now() + 20_000;
      let scheduled: RunView | undefined;
      while (!scheduled && Date.now() < deadline) {
        const { body } = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/help-center/sync`).set(auth).expect(200);
        const found = (body.items as RunView[]).find((r) => r.trigger === 'schedule');
        scheduled = found && (await waitForRun(organizationId, found.id));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(scheduled).toMatchObject({ status: 'succeeded', mode: 'incremental' });
    } finally {
      await scheduling.close();
    }
  }, 60_000);

  it('embeds every article again when EMBEDDING_MODEL changes', async () => {
    const organizationId = await createOrganization();
    await sync(organizationId);
    const models = () => db.query(`SELECT DISTINCT embedding_model AS m FROM kb_chunks WHERE organization_id = $1`, [organizationId]);
    expect(await models()).toEqual([{ m: 'embed-test' }]);

    const upgraded = await startTestApp({ env: { ...test.env, EMBEDDING_MODEL: 'embed-test-2', WORKER_ENABLED: 'false' } });
    try {
      const { mode, counts } = await upgraded.app.get(HelpCenterSyncService).sync(randomUUID(), organizationId);
      expect(mode).toMatch(/^full/);
      expect(counts).toMatchObject({ added: 0, unchanged: 0 });
      expect(counts.updated).toBeGreaterThan(0);
      expect(counts.embedded).toBeGreaterThan(0);
      expect(await models()).toEqual([{ m: 'embed-test-2' }]);
    } finally {
      await upgraded.close();
    }
  }, 60_000);

  it('reports bad articles with their reason and syncs the rest; scripts never reach the knowledge base', async () => {
    const organizationId = await createOrganization();
    const brand = zendesk.addBrand('Messy');
    zendesk.addArticle({ brandId: brand.id, title: 'Empty', body: '   ' });
    zendesk.addArticle({ brandId: brand.id, title: 'Huge', body: `<p>${'word '.repeat(230_000)}</p>` });
    zendesk.addArticle({ brandId: brand.id, title: 'Scripted', body: '<p>Safe text<script>alert("pwned")</script><iframe src="https://evil.test"></iframe></p>' });
    zendesk.addArticle({ brandId: brand.id, title: 'Klingon', body: '<p>Qapla</p>', locale: 'tlh' });
    zendesk.addArticle({ brandId: brand.id, title: 'Broken', body: '<div><p>Unclosed <b>tags' });

    const run = await sync(organizationId);

    expect(run.status).toBe('succeeded');
    expect(run.problems.map((p) => p.reason).sort()).toEqual(['body_truncated', 'empty_body', 'unknown_locale']);
    const titles = (await articles(organizationId)).filter((r) => r.brand_id === String(brand.id)).map((r) => r.title).sort();
    expect(titles).toEqual(['Broken', 'Huge', 'Klingon', 'Scripted']);
    const [chunk] = await db.query(`SELECT string_agg(content, ' ') AS text FROM kb_chunks WHERE organization_id = $1 AND title = 'Scripted'`, [organizationId]);
    expect(chunk.text).toContain('Safe text');
    expect(chunk.text).not.toMatch(/pwned|evil/);
  });

  it('resumes an interrupted full pass from the page it stopped at', async () => {
    const organizationId = await createOrganization();
    const brand = zendesk.addBrand('Large');
    for (let i = 0; i < 230; i++) zendesk.addArticle({ brandId: brand.id, title: `Article ${i}`, body: `<p>Body of article number ${i}.</p>` });
    const listPath = `/brands/${brand.id}/api/v2/help_center/en-us/articles.json`;
    let listCalls = 0;
    // Zendesk goes down for good after the first page of this help center.
    zendesk.failNext(1000, { status: 503, match: (_, path) => path === listPath && ++listCalls > 1 });

    const failed = await sync(organizationId);

    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/503/);
    const kept = await db.query(`SELECT count(*)::int AS n FROM kb_articles WHERE organization_id = $1 AND brand_id = $2`, [organizationId, String(brand.id)]);
    expect(kept[0].n).toBe(100);

    zendesk.clearFaults();
    const before = zendesk.requests.length;
    const resumed = await sync(organizationId);

    expect(resumed.status).toBe('succeeded');
    const pages = zendesk.requests.slice(before).filter((r) => r.path === listPath);
    expect(pages[0].query['page[after]']).toBeTruthy();
    const total = await db.query(`SELECT count(*)::int AS n FROM kb_articles WHERE organization_id = $1 AND brand_id = $2`, [organizationId, String(brand.id)]);
    expect(total[0].n).toBe(230);
    expect(resumed.counts.removed).toBe(0);
  });

  it('keeps one waiting sync per organization however often it is asked', async () => {
    const organizationId = await createOrganization();
    const requested = await Promise.all(
      Array.from({ length: 4 }, () => request(test.baseUrl).post(`/admin/organizations/${organizationId}/help-center/sync`).set(auth).expect(202)),
    );
    const ids = new Set(requested.map((r) => r.body.id as string));
    expect(ids.size).toBeLessThanOrEqual(2);
    for (const id of ids) expect((await waitForRun(organizationId, id)).status).toBe('succeeded');
    // A long first sync is not expired after pg-boss's 15 minutes, which would let the next one start beside it.
    const jobs: { seconds: number }[] = await db.query(
      `SELECT extract(epoch FROM j.expire_in)::int AS seconds FROM kb_sync_runs r JOIN pgboss.job j ON j.id = r.job_id WHERE r.organization_id = $1`,
      [organizationId],
    );
    expect(jobs.map((job) => job.seconds)).toEqual([...ids].map(() => 6 * 3600));
  });

  it('runs from the ops CLI with a summary of what changed', async () => {
    const organizationId = await createOrganization();
    const { stdout } = await execFileAsync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'tools/cli.ts', 'sync', '--org', organizationId],
      { env: { ...process.env, ...test.env, SYNC_SCHEDULER_SECONDS: '0' }, timeout: 60_000 },
    );
    expect(stdout).toMatch(/^Sync [0-9a-f-]{36} succeeded \(full\) in [\d.]+ s$/m);
    expect(stdout).toMatch(/fetched \d+ · added \d+ · updated 0 · removed 0 · unchanged 0 · embedded \d+ · skipped \d+/);
    const { body: runs } = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/help-center/sync`).set(auth).expect(200);
    expect(runs.items).toEqual([expect.objectContaining({ trigger: 'cli', status: 'succeeded' })]);
  }, 90_000);

  it('answers 404 for an unknown run or organization and 400 for a malformed id', async () => {
    const organizationId = await createOrganization();
    await request(test.baseUrl).get(`/admin/organizations/${organizationId}/help-center/sync/00000000-0000-4000-8000-000000000000`).set(auth).expect(404);
    await request(test.baseUrl).post('/admin/organizations/00000000-0000-4000-8000-000000000000/help-center/sync').set(auth).expect(404);
    await request(test.baseUrl).get(`/admin/organizations/${organizationId}/help-center/sync/nope`).set(auth).expect(400);
    await request(test.baseUrl).post(`/admin/organizations/${organizationId}/help-center/sync`).expect(401);
  });
});
