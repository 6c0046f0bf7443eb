import request from 'supertest';
import { DataSource } from 'typeorm';
import { GuideWriteBackService } from '../../src/modules/knowledge-base/application/guide-write-back.service';
import { KnowledgeBaseService } from '../../src/modules/knowledge-base/application/knowledge-base.service';
import { KnowledgeError } from '../../src/modules/knowledge-base/domain/knowledge.error';
import { rejectionOf } from '../support/rejection';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { SimArticle, ZendeskSimulator } from '../support/zendesk-simulator';

interface ArticleView {
  id: string;
  externalId: string;
  locale: string;
  title: string;
  source: string;
}

// "Fix the source article": the training page's service publishes to Zendesk Guide (the simulator, over HTTP)
// and the knowledge base takes Guide's answer in at once, without a sync.
describe('Guide write-back (real PostgreSQL, Zendesk simulator)', () => {
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let db: DataSource;
  let sut: GuideWriteBackService;
  let organizationId: string;
  let password: SimArticle;
  let playbook: SimArticle;
  const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const passwordBody = '<p>Click Forgot password on the sign-in page.</p>';
  const fix = { title: 'Reset your password or passkey', bodyHtml: '<h2>Passkeys</h2><p>Choose Use a passkey on the sign-in page and confirm with your fingerprint.</p>' };

  const admin = (path: string) => request(test.baseUrl).get(`/admin/organizations/${organizationId}${path}`).set(auth).expect(200);
  const articles = async (): Promise<ArticleView[]> => (await admin('/knowledge/articles')).body.items;
  const kbArticle = async (externalId: number | string, locale = 'en-us') => (await articles()).find((a) => a.externalId === String(externalId) && a.locale === locale);
  const articleWrites = () => zendesk.writes().filter((write) => write.path.includes('/help_center/'));
  const auditEntries = async () => (await admin('/audit')).body.items as { actor: string; action: string; changes: Record<string, { from: any; to: any }> }[];
  const setWriteBack = (on: boolean) =>
    request(test.baseUrl).patch(`/admin/organizations/${organizationId}/settings`).set(auth).send({ guideWriteBack: on }).expect(200);
  const refusal = (promise: Promise<unknown>) => rejectionOf(promise, KnowledgeError);

  beforeAll(async () => {
    zendesk = await ZendeskSimulator.start();
    test = await startTestApp();
    db = test.app.get(DataSource);
    sut = test.app.get(GuideWriteBackService);
    const { body } = await request(test.baseUrl)
      .post('/admin/organizations')
      .set(auth)
      .send({ name: 'Guide', zendesk: { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' }, webhookSigningSecret: 'signing-secret-0123456789' })
      .expect(201);
    organizationId = body.id;
    const section = zendesk.addSection({ name: 'Passwords', categoryName: 'Account' });
    const staff = zendesk.addUserSegment({ name: 'Agents', userType: 'staff' });
    password = zendesk.addArticle({ title: 'Reset your password', body: passwordBody, section_id: section });
    playbook = zendesk.addArticle({ title: 'Escalation playbook', body: '<p>Escalate outages to on-call.</p>', user_segment_id: staff });
    zendesk.addArticle({ title: 'Shipping', body: '<p>Orders ship in two days.</p>' });
    await request(test.baseUrl)
      .post(`/admin/organizations/${organizationId}/knowledge/articles`)
      .set(auth)
      .send({ articles: [{ externalId: 'api-1', title: 'Uploaded by hand', body: '<p>Not in Guide.</p>', url: 'https://x.test/1', locale: 'en-us' }] })
      .expect(200);
    const { body: queued } = await request(test.baseUrl).post(`/admin/organizations/${organizationId}/help-center/sync`).set(auth).expect(202);
    for (let run = queued; run.status !== 'succeeded'; run = (await admin(`/help-center/sync/${queued.id}`)).body) {
      if (run.status === 'failed') throw new Error(`Sync failed: ${run.error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    await test?.close();
    await zendesk?.close();
  });

  it('shows an article for editing, with its Guide editor link; an uploaded one has none', async () => {
    const synced = await kbArticle(password.id);
    const uploaded = await kbArticle('api-1');

    expect(await sut.findEditableArticle(organizationId, synced!.id)).toEqual({
      id: synced!.id,
      externalId: String(password.id),
      locale: 'en-us',
      title: 'Reset your password',
      bodyHtml: passwordBody,
      url: password.html_url,
      source: 'help_center',
      editorUrl: `${zendesk.baseUrl}/knowledge/articles/${password.id}/en-us`,
    });
    expect(await sut.findEditableArticle(organizationId, uploaded!.id)).toMatchObject({ source: 'api', editorUrl: null });
    expect(await sut.findEditableArticle(organizationId, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('refuses while the organization has write-back off (the default), and writes nothing', async () => {
    const article = await kbArticle(password.id);
    expect((await admin('')).body.settings.guideWriteBack).toBe(false);

    const refused = await refusal(sut.publishArticleFix(organizationId, article!.id, fix, 'operator'));

    expect(refused.code).toBe('guide_write_back_disabled');
    expect(articleWrites()).toEqual([]);
    expect((await kbArticle(password.id))!.title).toBe('Reset your password');
  });

  describe('with write-back on', () => {
    beforeAll(() => setWriteBack(true));

    it('audits turning the setting on, like every setting', async () => {
      expect((await auditEntries())[0]).toMatchObject({ action: 'settings.updated', changes: { guideWriteBack: { from: false, to: true } } });
    });

    it('refuses an uploaded article and an empty fix, and writes nothing', async () => {
      const uploaded = await kbArticle('api-1');
      const synced = await kbArticle(password.id);

      expect((await refusal(sut.publishArticleFix(organizationId, uploaded!.id, fix, 'operator'))).code).toBe('article_not_from_help_center');
      expect((await refusal(sut.publishArticleFix(organizationId, synced!.id, { title: ' ', bodyHtml: fix.bodyHtml }, 'operator'))).code).toBe('invalid_article_fix');
      expect((await refusal(sut.publishArticleFix(organizationId, synced!.id, { title: 'T', bodyHtml: '<p></p>' }, 'operator'))).code).toBe('invalid_article_fix');
      expect(articleWrites()).toEqual([]);
    });

    it('says so when Guide refuses the edit (403), and leaves the knowledge base and the audit log as they were', async () => {
      const article = await kbArticle(password.id);
      const auditBefore = await auditEntries();
      zendesk.denyArticleWrites();
      try {
        const refused = await refusal(sut.publishArticleFix(organizationId, article!.id, fix, 'operator'));

        expect(refused.code).toBe('guide_write_forbidden');
        expect(refused.message).toMatch(/Guide admin or an agent allowed to edit this article/);
      } finally {
        zendesk.denyArticleWrites(false);
      }
      expect(articleWrites()).toHaveLength(1);
      expect(zendesk.getArticle(password.id, 'en-us').title).toBe('Reset your password');
      expect((await kbArticle(password.id))!.title).toBe('Reset your password');
      expect(await auditEntries()).toEqual(auditBefore);
    });

    it('publishes the translation to Guide once, and the knowledge base has the new text at once, without a sync', async () => {
      const article = (await kbArticle(password.id))!;
      const seenBefore = await db.query(`SELECT last_seen_run FROM kb_articles WHERE id = $1`, [article.id]);
      const runsBefore = (await admin('/help-center/sync')).body.items.length;
      const writesBefore = articleWrites().length;

      const published = await sut.publishArticleFix(organizationId, article.id, fix, 'key-123');

      expect(articleWrites().slice(writesBefore)).toEqual([
        expect.objectContaining({
          method: 'PUT',
          path: `/api/v2/help_center/articles/${password.id}/translations/en-us.json`,
          body: { translation: { title: fix.title, body: fix.bodyHtml } },
        }),
      ]);
      expect(zendesk.getArticle(password.id, 'en-us')).toMatchObject({ title: fix.title, body: fix.bodyHtml });
      expect(published).toMatchObject({ id: article.id, title: fix.title, bodyHtml: fix.bodyHtml, source: 'help_center' });
      const { body: detail } = await admin(`/knowledge/articles/${article.id}`);
      expect(detail).toMatchObject({ title: fix.title, sectionName: 'Passwords', categoryName: 'Account', visibility: 'public', chunks: [{ ordinal: 0, heading: 'Passkeys' }] });
      const passages = await test.app.get(KnowledgeBaseService).findPassages(organizationId, 'How do I sign in with a passkey and my fingerprint?');
      expect(passages[0]).toMatchObject({ articleId: article.id, title: fix.title, content: expect.stringContaining('confirm with your fingerprint') });
      expect((await admin('/help-center/sync')).body.items).toHaveLength(runsBefore);
      // A full pass in progress still counts it as seen.
      expect(await db.query(`SELECT last_seen_run FROM kb_articles WHERE id = $1`, [article.id])).toEqual(seenBefore);
    });

    it('records who published what: old → new title, each body as length and hash only', async () => {
      const article = (await kbArticle(password.id))!;
      const [entry] = await auditEntries();

      expect(entry).toMatchObject({
        actor: 'key-123',
        action: 'article.published',
        changes: {
          article: {
            from: { id: article.id, externalId: String(password.id), locale: 'en-us', title: 'Reset your password', body: { length: passwordBody.length, sha256: expect.any(String) } },
            to: { id: article.id, externalId: String(password.id), locale: 'en-us', title: fix.title, body: { length: fix.bodyHtml.length, sha256: expect.any(String) } },
          },
        },
      });
      expect(JSON.stringify(entry)).not.toContain('fingerprint');
    });

    it('keeps an internal article internal', async () => {
      const article = (await kbArticle(playbook.id))!;

      await sut.publishArticleFix(organizationId, article.id, { title: 'Escalation playbook', bodyHtml: '<p>Escalate outages to the on-call engineer.</p>' }, 'operator');

      expect((await admin(`/knowledge/articles/${article.id}`)).body).toMatchObject({ visibility: 'internal', title: 'Escalation playbook' });
    });

    it('drops the article, as a sync would, when Guide answers that it is a draft now', async () => {
      const shipping = (await articles()).find((a) => a.title === 'Shipping')!;
      zendesk.updateArticle(Number(shipping.externalId), 'en-us', { draft: true });

      const published = await sut.publishArticleFix(organizationId, shipping.id, { title: 'Shipping', bodyHtml: '<p>Orders ship in one day.</p>' }, 'operator');

      expect(published).toBeNull();
      expect(await kbArticle(shipping.externalId)).toBeUndefined();
    });

    it('says so when Guide has no such article any more (404), and changes nothing here', async () => {
      const article = (await kbArticle(password.id))!;
      zendesk.removeArticle(password.id);

      const refused = await refusal(sut.publishArticleFix(organizationId, article.id, fix, 'operator'));

      expect(refused.code).toBe('guide_article_gone');
      expect((await kbArticle(password.id))!.title).toBe(fix.title);
    });
  });
});
