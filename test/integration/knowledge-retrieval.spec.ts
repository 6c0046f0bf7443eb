import { KnowledgeBaseService } from '../../src/modules/knowledge-base/application/knowledge-base.service';
import { OrganizationsService } from '../../src/modules/organizations/application/organizations.service';
import { startTestApp, TestApp } from '../support/test-app';

// Hybrid retrieval on the machine's PostgreSQL with the offline embedder: what the SQL promises beyond ranking.
describe('Knowledge retrieval (real PostgreSQL + pgvector)', () => {
  let testApp: TestApp;
  let knowledgeBase: KnowledgeBaseService;
  let organizationId: string;

  const filler = 'Our team reviews every request and answers within one business day from the support desk.';
  const article = (externalId: string, title: string, body: string, locale = 'en-us') => ({
    externalId,
    title,
    bodyHtml: `<p>${body}</p>`,
    url: `https://help.example.com/${locale}/${externalId}`,
    locale,
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
      // One article in two languages, as Zendesk Guide keeps translations: the same id, another locale. The
      // German text shares the product name and "Smartwatch" with the English one.
      article('pairing', 'Pair the Zenband smartwatch', 'Open the Zenband app, choose Pair smartwatch and hold the watch near the phone.'),
      article('pairing', 'Zenband Smartwatch koppeln', 'Öffnen Sie die Zenband App, wählen Sie Smartwatch koppeln und halten Sie die Uhr an das Telefon.', 'de'),
      // Copies of one article, saved in reverse order of their help-center ids: they tie on every score.
      ...['twin-e', 'twin-d', 'twin-c', 'twin-b', 'twin-a'].map((id) => article(id, 'Zorblax warranty card', 'Keep the Zorblax warranty card with the receipt.')),
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

  it("keeps to the customer's language when the knowledge base has it, and searches everything when it does not", async () => {
    const localesFor = async (locale: string | null) =>
      (await knowledgeBase.findPassages(organizationId, 'Zenband smartwatch pairing', 5, locale)).map((p) => p.locale);

    expect(new Set(await localesFor('de-CH'))).toEqual(new Set(['de']));
    expect(new Set(await localesFor('en-US'))).toEqual(new Set(['en-us']));
    // No French article: better an answer in another language than none.
    expect(await localesFor('fr')).toEqual(expect.arrayContaining(['en-us', 'de']));
    expect(await localesFor(null)).toEqual(expect.arrayContaining(['en-us', 'de']));
  });

  it('ranks articles that tie by their help-center id, whatever ids the database gave them', async () => {
    const passages = await knowledgeBase.findPassages(organizationId, 'Zorblax warranty card', 5);
    expect(passages.map((p) => p.externalId)).toEqual(['twin-a', 'twin-b', 'twin-c', 'twin-d', 'twin-e']);
  });
});
