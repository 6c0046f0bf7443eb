import { DataSource } from 'typeorm';
import { OrganizationsService } from '../../src/modules/organizations/application/organizations.service';
import { TopicsService } from '../../src/modules/topics/application/topics.service';
import { startTestApp, TestApp } from '../support/test-app';

// The classifier over the machine's PostgreSQL + pgvector with the offline embedder (no LLM: its stage finds nothing).
describe('Topic classification (real PostgreSQL + pgvector)', () => {
  let testApp: TestApp;
  let topics: TopicsService;
  let database: DataSource;
  let organizationId: string;

  const fraud = {
    name: 'Fraud',
    description: 'Customer reports fraudulent activity or a charge they did not make.',
    keywords: [],
    examples: ['there is a charge on my card I never made', 'someone stole my card and bought things'],
    zendeskTags: ['fraud_report'],
    noAssist: true,
  };
  const classify = (text: string, tags: string[] = []) => topics.classify(organizationId, { text, tags });
  const storedVectors = async (model?: string) =>
    (await database.query(`SELECT count(*)::int AS n FROM topic_embeddings WHERE organization_id = $1 AND ($2::text IS NULL OR embedding_model = $2)`, [organizationId, model ?? null]))[0].n;

  beforeAll(async () => {
    testApp = await startTestApp();
    topics = testApp.app.get(TopicsService);
    database = testApp.app.get(DataSource);
  });
  afterAll(() => testApp?.close());

  beforeEach(async () => {
    const organization = await testApp.app.get(OrganizationsService).register({
      name: 'Topics',
      zendesk: { baseUrl: 'http://127.0.0.1:9', email: 'agent@example.com', apiToken: 'token' },
      webhookSigningSecret: 'topics-signing-secret-0123',
    });
    organizationId = organization.id;
  });

  it('matches a Zendesk tag or a keyword before anything semantic, and says which', async () => {
    await topics.create(organizationId, fraud);
    await topics.create(organizationId, { ...fraud, name: 'Refunds', description: 'Money back', keywords: ['refund'], examples: [], zendeskTags: [], noAssist: false });

    expect(await classify('Hello', ['vip', 'FRAUD_REPORT'])).toEqual([expect.objectContaining({ name: 'Fraud', noAssist: true, because: 'tag:fraud_report' })]);
    expect(await classify('Where is my REFUND?')).toEqual([expect.objectContaining({ name: 'Refunds', noAssist: false, because: 'keyword:refund' })]);
  });

  it('matches the closest topic by its description and examples above the threshold, with the similarity', async () => {
    await topics.create(organizationId, fraud);
    await topics.create(organizationId, { ...fraud, name: 'Opening hours', description: 'When the branches are open.', examples: ['are you open on sunday'], zendeskTags: [], noAssist: false });
    expect(await storedVectors()).toBe(3 + 2);

    const [match] = await classify('I see a charge on my card that I never made');
    expect(match).toMatchObject({ name: 'Fraud', noAssist: true, because: expect.stringMatching(/^semantic:0\.\d\d (description|example:\d+)$/) });
    expect(parseFloat(match.because.split(':')[1])).toBeGreaterThan(0.3);
    expect(await classify('Can I bring my dog on the plane?')).toEqual([]);
  });

  it('applies an edited or deleted topic on the next classification', async () => {
    const topic = await topics.create(organizationId, { ...fraud, examples: [] });
    const question = 'someone stole my card and bought things';
    expect((await classify(question)).map((m) => m.because)).not.toContainEqual(expect.stringMatching(/example:1$/));

    await topics.update(organizationId, topic.id, { examples: [question] });
    // The example just added is the closest text.
    expect(await classify(question)).toEqual([expect.objectContaining({ name: 'Fraud', because: expect.stringMatching(/ example:1$/) })]);
    await topics.update(organizationId, topic.id, { noAssist: false });
    expect(await classify(question)).toEqual([expect.objectContaining({ name: 'Fraud', noAssist: false })]);
    await topics.delete(organizationId, topic.id);
    expect(await classify(question)).toEqual([]);
    expect(await storedVectors()).toBe(0);
  });

  it('embeds topics again for a new embedding model, and topics that were never embedded', async () => {
    await topics.create(organizationId, fraud);
    await database.query(`UPDATE topic_embeddings SET embedding_model = 'an-older-model' WHERE organization_id = $1`, [organizationId]);
    await database.query(`INSERT INTO topics (organization_id, name, description, examples) VALUES ($1, 'Opening hours', 'When the branches are open', '{"are you open on sunday"}')`, [organizationId]);
    expect(await storedVectors('offline-hashed-512-v1')).toBe(0);

    expect(await classify('are you open on sunday')).toEqual([expect.objectContaining({ name: 'Opening hours', because: expect.stringMatching(/^semantic:/) })]);
    expect(await storedVectors('offline-hashed-512-v1')).toBe(3 + 2);
    expect(await classify('I see a charge on my card that I never made')).toEqual([expect.objectContaining({ name: 'Fraud' })]);
  });
});
