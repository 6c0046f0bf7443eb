import { KnowledgeBaseService } from '../../src/modules/knowledge-base/application/knowledge-base.service';
import { OrganizationsService } from '../../src/modules/organizations/application/organizations.service';
import { startTestApp, TestApp } from '../support/test-app';

// Hybrid retrieval on the machine's PostgreSQL with the offline embedder: what the SQL promises beyond ranking.
describe('Knowledge retrieval (real PostgreSQL + pgvector)', () => {
  let testApp: TestApp;
  let knowledgeBase: KnowledgeBaseService;
  let organizationId: string;

  const filler = 'Our team reviews every request and answers within one business day from the support desk.';
  const article = (externalId: string, title: string, body: string) => ({
    externalId,
    title,
    bodyHtml: `<p>${body}</p>`,
    url: `https://help.example.com/${externalId}`,
    locale: 'en-us',
  });

  beforeAll(async () => {
    testApp = await startTestApp();
    knowledgeBase = testApp.app.get(KnowledgeBaseService);
    const organization = await testApp.app.get(OrganizationsService).register({
      name: 'Retrieval',
      zendesk: { baseUrl: 'http://127.0.0.1:9', email: 'agent@example.com', apiToken: 'token' },
      webhookSigningSecret: 'retrieval-signing-secret-0123',
    });
    organizationId = organization.id;
    // More chunks than retrieval reads of one term's postings, each naming "invoice" more often (so ahead in
    // its postings) than the two articles below.
    const invoiceNotes = Array.from({ length: 240 }, (_, i) =>
      article(`invoice-${i}`, `Invoice copy ${i}`, `Invoice invoice invoice number ${i}.`),
    );
    await knowledgeBase.upsertArticles(organizationId, [
      ...invoiceNotes,
      article('refund-invoice', 'Payments', `${filler} A refund appears on your invoice. ${filler}`),
      article('refund-only', 'Payouts', `${filler} A refund appears on your account. ${filler}`),
      article('password', 'Reset your password', `Open https://example.com/reset-password?step=1 and follow the e-mail's link. ${filler}`),
    ]);
    await knowledgeBase.refreshStatistics();
  }, 60_000);
  afterAll(() => testApp.close());

  it('scores a chunk on every question term, including one whose best postings it is not among', async () => {
    const passages = await knowledgeBase.findPassages(organizationId, 'invoice refund', 5);
    const score = (externalId: string) => passages.find((p) => p.externalId === externalId)?.lexicalScore ?? 0;

    expect(passages[0].externalId).toBe('refund-invoice');
    // Same length, same "refund": only the "invoice" term read outside its best postings tells them apart.
    expect(score('refund-invoice')).toBeGreaterThan(score('refund-only'));
  });

  it("measures how much of the question an article and its title hold, whatever the question's punctuation", async () => {
    const question = `How do I reset my "password"? The link https://example.com/reset-password?step=1 isn't working \\ won't load: it's urgent!`;
    const [best] = await knowledgeBase.findPassages(organizationId, question, 3);

    expect(best.externalId).toBe('password');
    expect(best.titleCoverage).toBeGreaterThan(0);
    expect(best.coverage).toBeGreaterThan(best.titleCoverage);
    expect(best.coverage).toBeLessThanOrEqual(1);
  });
});
