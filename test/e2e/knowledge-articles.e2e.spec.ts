import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { KnowledgeBaseService } from '../../src/modules/knowledge-base/application/knowledge-base.service';
import { AssistFixture, setUpOrganization, startAssistFixture } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

interface ArticleView {
  id: string;
  title: string;
  source: string;
}

// One article read, and deleted, through REST and GraphQL; deleting reaches retrieval and its BM25 statistics.
describe('Knowledge articles: read one, delete one (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let test: TestApp;
  let db: DataSource;
  let organizationId: string;
  let otherOrganizationId: string;
  let otherKey: string;
  const operator = `Bearer ${TEST_ADMIN_TOKEN}`;

  const articlesPath = (organization = organizationId) => `/admin/organizations/${organization}/knowledge/articles`;
  const rest = (authorization = operator) => ({
    get: (path: string) => request(test.baseUrl).get(path).set('Authorization', authorization),
    delete: (path: string) => request(test.baseUrl).delete(path).set('Authorization', authorization),
  });
  const graphql = async (query: string, variables: Record<string, unknown>, authorization = operator) =>
    (await request(test.baseUrl).post('/graphql').set('Authorization', authorization).send({ query, variables }).expect(200)).body;
  const articleQuery = `query ($org: ID!, $id: ID!) {
    knowledgeArticle(organizationId: $org, id: $id) { id title source visibility sectionName categoryName brandId chunkCount chunks { ordinal heading } }
  }`;
  const deleteMutation = `mutation ($org: ID!, $id: ID!) { deleteKnowledgeArticle(organizationId: $org, id: $id) }`;

  const listed = async (source?: string): Promise<ArticleView[]> =>
    (await rest().get(`${articlesPath()}${source ? `?source=${source}` : ''}`).expect(200)).body.items;
  const titled = async (title: string) => (await listed()).find((article) => article.title === title)!;
  const retrievedTitles = async (question: string) =>
    (await test.app.get(KnowledgeBaseService).findPassages(organizationId, question)).map((passage) => passage.title);

  // Document frequencies and corpus sizes as the triggers keep them, and as recounted from the chunks left.
  const bm25Statistics = async () => ({
    kept: {
      terms: await db.query(`SELECT lexeme, chunk_count FROM kb_term_stats WHERE organization_id = $1 AND chunk_count > 0 ORDER BY lexeme`, [organizationId]),
      corpus: await db.query(`SELECT chunk_count, length_total::int FROM kb_corpus_stats WHERE organization_id = $1 AND chunk_count > 0`, [organizationId]),
      postings: (await db.query(`SELECT count(*)::int AS n FROM kb_postings WHERE organization_id = $1`, [organizationId]))[0].n,
      fieldTerms: await db.query(
        `SELECT lexeme, title_count, body_count FROM kb_article_term_stats WHERE organization_id = $1 AND (title_count > 0 OR body_count > 0) ORDER BY lexeme`,
        [organizationId],
      ),
      fields: await db.query(
        `SELECT article_count, title_length_total::int, body_length_total::int FROM kb_article_corpus_stats WHERE organization_id = $1`,
        [organizationId],
      ),
    },
    recounted: {
      terms: await db.query(
        `SELECT u.lexeme, count(*)::int AS chunk_count FROM kb_chunks c, unnest(c.tsv) u WHERE c.organization_id = $1 GROUP BY u.lexeme ORDER BY u.lexeme`,
        [organizationId],
      ),
      corpus: await db.query(`SELECT count(*)::int AS chunk_count, sum(length(tsv))::int AS length_total FROM kb_chunks WHERE organization_id = $1`, [organizationId]),
      postings: (await db.query(`SELECT count(*)::int AS n FROM kb_chunks c, unnest(c.tsv) u WHERE c.organization_id = $1`, [organizationId]))[0].n,
      // An article's title is in every chunk (weight A), its body spread over them (D).
      fieldTerms: await db.query(
        `SELECT lexeme, count(DISTINCT article_id) FILTER (WHERE 'A' = ANY(weights))::int AS title_count,
                count(DISTINCT article_id) FILTER (WHERE 'D' = ANY(weights))::int AS body_count
           FROM kb_chunks c, unnest(c.tsv) u WHERE c.organization_id = $1 GROUP BY lexeme ORDER BY lexeme`,
        [organizationId],
      ),
      fields: await db.query(
        `SELECT count(*)::int AS article_count, sum(title_length)::int AS title_length_total, sum(body_length)::int AS body_length_total
           FROM (SELECT c.article_id, max(title.words) AS title_length, sum(body.words) AS body_length
                   FROM kb_chunks c
                   CROSS JOIN LATERAL (SELECT coalesce(sum(cardinality(positions)), 0) AS words FROM unnest(to_tsvector(c.ts_config, c.title))) title
                   CROSS JOIN LATERAL (SELECT coalesce(sum(cardinality(positions)), 0) AS words FROM unnest(to_tsvector(c.ts_config, c.content))) body
                  WHERE c.organization_id = $1 GROUP BY c.article_id) articles`,
        [organizationId],
      ),
    },
  });

  beforeAll(async () => {
    fixture = await startAssistFixture({ checkZendeskWrites: false });
    ({ test, organizationId } = fixture);
    const { zendesk } = fixture;
    db = test.app.get(DataSource);
    ({ organizationId: otherOrganizationId } = await setUpOrganization(test, zendesk));
    const minted = await request(test.baseUrl)
      .post(`/admin/organizations/${otherOrganizationId}/api-keys`)
      .set('Authorization', operator)
      .send({ name: 'other' })
      .expect(201);
    otherKey = `Bearer ${minted.body.token}`;

    // One Help Center article with a section, a category and two headings, synced into the first organization.
    const section = zendesk.addSection({ name: 'Passwords', categoryName: 'Account' });
    zendesk.addArticle({
      title: 'Two-factor authentication',
      body: '<h2>Turn it on</h2><p>Open Security settings and scan the QR code with an authenticator app.</p><h2>Lost phone</h2><p>Use one of your backup codes.</p>',
      section_id: section,
    });
    const { body: queued } = await request(test.baseUrl).post(`/admin/organizations/${organizationId}/help-center/sync`).set('Authorization', operator).expect(202);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body: run } = await rest().get(`/admin/organizations/${organizationId}/help-center/sync/${queued.id}`).expect(200);
      if (run.status === 'succeeded') break;
      if (run.status === 'failed' || Date.now() > deadline) throw new Error(`Sync ${queued.id}: ${run.status} ${run.error ?? ''}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(() => fixture?.close());

  it('shows one article as listed, with its Help Center metadata and the outline of its chunks, over REST and GraphQL', async () => {
    const [summary] = await listed('help_center');
    const { body: article } = await rest().get(`${articlesPath()}/${summary.id}`).expect(200);

    // Exactly these fields: no body, no chunk text, no vectors.
    expect(article).toEqual({
      ...summary,
      brandId: expect.any(String),
      sectionName: 'Passwords',
      categoryName: 'Account',
      chunkCount: 2,
      chunks: [
        { ordinal: 0, heading: 'Turn it on' },
        { ordinal: 1, heading: 'Lost phone' },
      ],
    });
    const { body: uploaded } = await rest().get(`${articlesPath()}/${(await titled('Shipping times and tracking')).id}`).expect(200);
    expect(uploaded).toMatchObject({ source: 'api', brandId: null, sectionName: null, chunkCount: 1, chunks: [{ ordinal: 0, heading: null }] });

    const { data, errors } = await graphql(articleQuery, { org: organizationId, id: summary.id });
    expect(errors).toBeUndefined();
    expect(data.knowledgeArticle).toEqual({
      id: summary.id,
      title: 'Two-factor authentication',
      source: 'help_center',
      visibility: 'public',
      sectionName: 'Passwords',
      categoryName: 'Account',
      brandId: article.brandId,
      chunkCount: 2,
      chunks: article.chunks,
    });
  });

  it('answers 404 for an unknown article or one of another organization, 400 for a malformed id', async () => {
    const ofOther = (await rest().get(articlesPath(otherOrganizationId)).expect(200)).body.items[0].id;
    for (const id of [randomUUID(), ofOther]) {
      const missing = await rest().get(`${articlesPath()}/${id}`).expect(404);
      expect(missing.body.type).toBe('urn:opencx:error:knowledge_article_not_found');
      await rest().delete(`${articlesPath()}/${id}`).expect(404);
      const { errors } = await graphql(articleQuery, { org: organizationId, id });
      expect(errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'knowledge_article_not_found' });
    }
    await rest().get(`${articlesPath()}/not-a-uuid`).expect(400);
    await rest().delete(`${articlesPath()}/not-a-uuid`).expect(400);
    const { errors } = await graphql(deleteMutation, { org: organizationId, id: 'not-a-uuid' });
    expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    expect((await rest().get(articlesPath(otherOrganizationId)).expect(200)).body.items.map((a: ArticleView) => a.id)).toContain(ofOther);
  });

  it('deletes an uploaded article with its chunks: retrieval stops finding it and the BM25 statistics stay exact', async () => {
    const question = 'I forgot my password. How do I reset it?';
    expect((await retrievedTitles(question))[0]).toBe('How to reset your password');
    const password = await titled('How to reset your password');

    await rest().delete(`${articlesPath()}/${password.id}`).expect(204);

    expect(await retrievedTitles(question)).not.toContain('How to reset your password');
    await rest().get(`${articlesPath()}/${password.id}`).expect(404);
    await rest().delete(`${articlesPath()}/${password.id}`).expect(404);
    expect((await listed()).map((article) => article.id)).not.toContain(password.id);
    expect(await db.query(`SELECT 1 FROM kb_chunks WHERE article_id = $1`, [password.id])).toEqual([]);
    const { kept, recounted } = await bm25Statistics();
    expect(kept).toEqual(recounted);
    // The other organization's copy of the same article is untouched.
    const otherPassages = await test.app.get(KnowledgeBaseService).findPassages(otherOrganizationId, question);
    expect(otherPassages[0].title).toBe('How to reset your password');
  });

  it('deletes through GraphQL too', async () => {
    const shipping = await titled('Shipping times and tracking');
    const question = 'When does my order ship and how do I track the parcel?';
    expect(await retrievedTitles(question)).toContain('Shipping times and tracking');

    const deleted = await graphql(deleteMutation, { org: organizationId, id: shipping.id });
    expect(deleted).toEqual({ data: { deleteKnowledgeArticle: true } });

    expect(await retrievedTitles(question)).not.toContain('Shipping times and tracking');
    const { errors } = await graphql(articleQuery, { org: organizationId, id: shipping.id });
    expect(errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('refuses to delete an article synced from the Help Center (the next sync would restore it), over REST and GraphQL', async () => {
    const [synced] = await listed('help_center');

    const refused = await rest().delete(`${articlesPath()}/${synced.id}`).expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: 'urn:opencx:error:knowledge_article_synced_from_help_center', status: 409 });
    expect(refused.body.detail).toMatch(/unpublish or archive it in Zendesk Guide/);
    const { errors } = await graphql(deleteMutation, { org: organizationId, id: synced.id });
    expect(errors[0].extensions).toMatchObject({ code: 'CONFLICT', status: 409, reason: 'knowledge_article_synced_from_help_center' });

    await rest().get(`${articlesPath()}/${synced.id}`).expect(200);
    expect(await retrievedTitles('How do I turn on two-factor authentication?')).toContain('Two-factor authentication');
  });

  it("answers 403 to another organization's key, REST and GraphQL, and deletes nothing", async () => {
    const cancel = await titled('Cancel your subscription');
    const path = `${articlesPath()}/${cancel.id}`;

    for (const response of [await rest(otherKey).get(path), await rest(otherKey).delete(path)]) {
      expect({ status: response.status, type: response.body.type }).toEqual({ status: 403, type: 'urn:opencx:error:admin_forbidden' });
    }
    for (const query of [articleQuery, deleteMutation]) {
      const { errors } = await graphql(query, { org: organizationId, id: cancel.id }, otherKey);
      expect(errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    }
    await rest().get(path).expect(200);
    await rest(otherKey).get(`${articlesPath(otherOrganizationId)}/${(await rest().get(articlesPath(otherOrganizationId))).body.items[0].id}`).expect(200);
  });
});
