import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '../../../shared/pagination/page';
import { Embedder } from '../../llm/application/ports/embedder';
import { Passage } from '../../llm/domain/draft';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { KnowledgeError, KnowledgeErrorCode } from '../domain/knowledge.error';
import { answeredQuestionPassage, closestPastThreshold, TRAINING_ANSWER_TITLE, TrainingAnswer, TrainingAnswerDraft, trainingMatchThreshold } from '../domain/training-answer';
import { EmbeddedQuestion, TrainingAnswerRepository } from './ports/training-answer.repository';

export type TrainingAnswerUpdate = Partial<Pick<TrainingAnswer, 'question' | 'answer'>>;

// The training page, the admin API and `npm run eval` save answers here; drafting looks them up first.
@Injectable()
export class TrainingAnswersService {
  constructor(
    private readonly answers: TrainingAnswerRepository,
    private readonly embedder: Embedder,
    private readonly organizations: OrganizationsService,
  ) {}

  async create(organizationId: string, draft: TrainingAnswerDraft): Promise<TrainingAnswer> {
    await this.organizations.get(organizationId);
    const answer = await this.answers.create(organizationId, draft, await this.embed(draft.question));
    // Another organization's suggestion is answered as one that does not exist.
    if (!answer) throw new KnowledgeError(KnowledgeErrorCode.SuggestionNotFound, `Suggestion ${draft.suggestionId} not found`);
    return answer;
  }

  // The training page's "Correct the answer": one answer per suggestion, replaced when the rep corrects it again.
  async saveForSuggestion(
    organizationId: string,
    suggestionId: string,
    correction: Pick<TrainingAnswer, 'question' | 'answer'>,
    createdBy: string,
  ): Promise<{ answer: TrainingAnswer; replaced: boolean }> {
    const existing = await this.answers.findBySuggestion(organizationId, suggestionId);
    if (!existing) return { answer: await this.create(organizationId, { ...correction, suggestionId, createdBy }), replaced: false };
    return { answer: await this.update(organizationId, existing.id, correction), replaced: true };
  }

  findForSuggestion(organizationId: string, suggestionId: string): Promise<TrainingAnswer | null> {
    return this.answers.findBySuggestion(organizationId, suggestionId);
  }

  async list(organizationId: string, page: PageRequest): Promise<Page<TrainingAnswer>> {
    await this.organizations.get(organizationId);
    return this.answers.list(organizationId, page);
  }

  async count(organizationId: string): Promise<number> {
    await this.organizations.get(organizationId);
    return this.answers.count(organizationId);
  }

  async get(organizationId: string, id: string): Promise<TrainingAnswer> {
    await this.organizations.get(organizationId);
    const answer = await this.answers.find(organizationId, id);
    if (!answer) throw trainingAnswerNotFound(id);
    return answer;
  }

  async update(organizationId: string, id: string, changes: TrainingAnswerUpdate): Promise<TrainingAnswer> {
    await this.organizations.get(organizationId);
    const embedded = changes.question === undefined ? undefined : await this.embed(changes.question);
    const updated = await this.answers.update(organizationId, id, { ...changes, embedded });
    if (!updated) throw trainingAnswerNotFound(id);
    return updated;
  }

  async delete(organizationId: string, id: string): Promise<void> {
    await this.organizations.get(organizationId);
    if (!(await this.answers.delete(organizationId, id))) throw trainingAnswerNotFound(id);
  }

  // The training answer whose question is close enough to this one, as the first passage of a draft; null when
  // none is. Close by words (TF-IDF cosine, whatever the embedding model), or by embedding where the model has a
  // calibrated threshold; of two candidates, the one further past its threshold.
  async findPassage(organizationId: string, question: string): Promise<Passage | null> {
    const threshold = trainingMatchThreshold(this.embedder.model);
    const embedded = threshold === null ? null : await this.embed(question);
    const { byWords: lexical, byEmbedding } = embedded
      ? await this.answers.findNearestByWordsAndEmbedding(organizationId, question, embedded)
      : { byWords: await this.answers.findLexicallyNearest(organizationId, question), byEmbedding: null };
    let semantic = byEmbedding?.nearest ?? null;
    if (embedded && byEmbedding?.otherModels) {
      await this.reembedOtherModels(organizationId);
      ({ nearest: semantic } = await this.answers.findNearest(organizationId, embedded));
    }
    const best = closestPastThreshold(lexical, semantic, threshold);
    if (!best) return null;
    const { answer } = best.nearest;
    // No public page: the note shows the title without a link.
    return answeredQuestionPassage({ articleId: answer.id, externalId: `training:${answer.id}`, title: TRAINING_ANSWER_TITLE, url: '', content: answer.answer }, best);
  }

  // After EMBEDDING_MODEL changed, the organization's answers are embedded again on their next lookup.
  private async reembedOtherModels(organizationId: string): Promise<void> {
    const stale = await this.answers.findEmbeddedByOtherModel(organizationId, this.embedder.model);
    if (stale.length === 0) return;
    const vectors = await this.embedder.embed(stale.map((answer) => answer.question));
    for (const [i, answer] of stale.entries()) {
      await this.answers.update(organizationId, answer.id, { embedded: { embedding: vectors[i], model: this.embedder.model } });
    }
  }

  private async embed(question: string): Promise<EmbeddedQuestion> {
    const [embedding] = await this.embedder.embed([question]);
    return { embedding, model: this.embedder.model };
  }
}

const trainingAnswerNotFound = (id: string) => new KnowledgeError(KnowledgeErrorCode.TrainingAnswerNotFound, `Training answer ${id} not found`);
