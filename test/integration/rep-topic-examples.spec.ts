import { OrganizationsService } from '../../src/modules/organizations/application/organizations.service';
import { TopicsService } from '../../src/modules/topics/application/topics.service';
import { startTestApp, TestApp } from '../support/test-app';

// Examples reps add from training pages, over the machine's PostgreSQL with the offline embedder.
describe("Topics' examples from reps (real PostgreSQL + pgvector)", () => {
  let testApp: TestApp;
  let sut: TopicsService;
  let organizationId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    sut = testApp.app.get(TopicsService);
    const organization = await testApp.app.get(OrganizationsService).register({
      name: 'Reps',
      zendesk: { baseUrl: 'http://127.0.0.1:9', email: 'agent@example.com', apiToken: 'token' },
      webhookSigningSecret: 'reps-signing-secret-0123456',
    });
    organizationId = organization.id;
  });
  afterAll(() => testApp?.close());

  it('keeps every example when reps add theirs at the same time as an admin edits the topic, and classifies with them', async () => {
    const topic = await sut.create(organizationId, { name: 'Fraud', description: 'Card fraud', keywords: ['fraud'], examples: ['admin example'], zendeskTags: [], noAssist: true });
    const taught = ['someone stole my card', 'a charge I never made', 'my account was hacked', 'purchases abroad I did not do', 'unknown payment on my statement'];

    await Promise.all([...taught.map((example) => sut.addExampleFromRep(organizationId, topic.id, example)), sut.update(organizationId, topic.id, { noAssist: true })]);

    const read = await sut.get(organizationId, topic.id);
    expect([...read.examples].sort()).toEqual(['admin example', ...taught].sort());
    expect(read.examplesFromReps).toBe(taught.length);
    // The vectors were written from each rep's view of the examples: the next classification embeds them again.
    // Each example's closest text is itself.
    for (const example of taught) {
      const [match] = await sut.classify(organizationId, { text: example, tags: [] });
      expect(match).toMatchObject({ name: 'Fraud', because: expect.stringMatching(` example:${read.examples.indexOf(example) + 1}$`) });
    }
  });
});
