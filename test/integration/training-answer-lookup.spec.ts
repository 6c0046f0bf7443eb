import { DataSource } from 'typeorm';
import { KnowledgeBaseService } from '../../src/modules/knowledge-base/application/knowledge-base.service';
import { TrainingAnswerRepository } from '../../src/modules/knowledge-base/application/ports/training-answer.repository';
import { TrainingAnswersService } from '../../src/modules/knowledge-base/application/training-answers.service';
import { Embedder } from '../../src/modules/llm/application/ports/embedder';
import { OrganizationsService } from '../../src/modules/organizations/application/organizations.service';
import { HELP_CENTER } from '../support/assist-fixture';
import { startTestApp, TestApp } from '../support/test-app';

// Finding a rep's saved answer for a reworded question, over the machine's PostgreSQL with the offline embedder.
describe('Training answer lookup: by words, by embedding (real PostgreSQL + pgvector)', () => {
  let testApp: TestApp;
  let sut: TrainingAnswersService;
  let organizationId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    sut = testApp.app.get(TrainingAnswersService);
    const organization = await testApp.app.get(OrganizationsService).register({
      name: 'Lookup',
      zendesk: { baseUrl: 'http://127.0.0.1:9', email: 'agent@example.com', apiToken: 'token' },
      webhookSigningSecret: 'lookup-signing-secret-0123',
    });
    organizationId = organization.id;
    // The knowledge base's document frequencies weigh the words.
    await testApp.app.get(KnowledgeBaseService).upsertArticles(organizationId, HELP_CENTER.map(({ body, ...article }) => ({ ...article, bodyHtml: body })));
    await sut.create(organizationId, {
      question: 'The courier marked my parcel as delivered, but it never arrived at my door. What can I do?',
      answer: 'We open a claim with the courier and send a replacement within 2 business days.',
      createdBy: 'test',
    });
  });
  afterAll(() => testApp?.close());

  it('finds the answer for a rewording by the rare words it shares, though its embedding is not close enough', async () => {
    const passage = await sut.findPassage(organizationId, 'Parcel shows delivered by the courier but never arrived');
    expect(passage).toMatchObject({ title: 'Answer from your team', similarity: 0, content: expect.stringContaining('replacement') });
    expect(passage!.lexicalScore).toBeGreaterThanOrEqual(0.3);
  });

  it('looks an answer up by words and by embedding in one statement, each as alone', async () => {
    const answers = testApp.app.get(TrainingAnswerRepository);
    const embedder = testApp.app.get(Embedder);
    const [saved] = (await sut.list(organizationId, { limit: 1 })).items;
    for (const question of [saved.question, 'Parcel shows delivered by the courier but never arrived', 'How do I reset my password?']) {
      const embedded = { embedding: (await embedder.embed([question]))[0], model: embedder.model };
      const both = await answers.findNearestByWordsAndEmbedding(organizationId, question, embedded);
      expect(both).toEqual({ byWords: await answers.findLexicallyNearest(organizationId, question), byEmbedding: await answers.findNearest(organizationId, embedded) });
    }
    const embedded = { embedding: (await embedder.embed([saved.question]))[0], model: embedder.model };
    const same = await answers.findNearestByWordsAndEmbedding(organizationId, saved.question, embedded);
    expect(same.byWords).toMatchObject({ answer: { id: saved.id } });
    expect(same.byEmbedding).toMatchObject({ nearest: { answer: { id: saved.id } }, otherModels: false });
    expect(same.byEmbedding.nearest!.similarity).toBeCloseTo(1, 5);
    const otherModel = await answers.findNearestByWordsAndEmbedding(organizationId, saved.question, { ...embedded, model: 'another-model' });
    expect(otherModel.byEmbedding).toEqual({ nearest: null, otherModels: true });
  });

  it('keeps a question that shares only common words with it', async () => {
    await expect(sut.findPassage(organizationId, 'What can I do at my account page?')).resolves.toBeNull();
    await expect(sut.findPassage(organizationId, 'How do I reset my password?')).resolves.toBeNull();
  });

  it('keeps each saved question\'s lexemes in step with its edits', async () => {
    const [saved] = (await sut.list(organizationId, { limit: 1 })).items;
    await sut.update(organizationId, saved.id, { question: 'Can I pay with a gift card at checkout?' });
    await expect(sut.findPassage(organizationId, 'Parcel shows delivered by the courier but never arrived')).resolves.toBeNull();
    await expect(sut.findPassage(organizationId, 'Paying with a gift card at checkout')).resolves.toMatchObject({ articleId: saved.id });
    const [{ terms }] = await testApp.app.get(DataSource).query(`SELECT question_terms::text AS terms FROM training_answers WHERE id = $1`, [saved.id]);
    expect(terms).toContain("'gift'");
  });

  it('embeds again, on the next lookup, the answers an earlier embedding model embedded', async () => {
    const db = testApp.app.get(DataSource);
    const [{ model }] = await db.query(`SELECT embedding_model AS model FROM training_answers WHERE organization_id = $1 LIMIT 1`, [organizationId]);
    await db.query(`UPDATE training_answers SET embedding_model = 'retired-model' WHERE organization_id = $1`, [organizationId]);
    await expect(sut.findPassage(organizationId, 'Paying with a gift card at checkout')).resolves.toMatchObject({ title: 'Answer from your team' });
    const rows: { model: string }[] = await db.query(`SELECT embedding_model AS model FROM training_answers WHERE organization_id = $1`, [organizationId]);
    expect(rows.map((row) => row.model)).toEqual([model]);
  });
});
