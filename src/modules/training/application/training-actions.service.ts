import { Injectable } from '@nestjs/common';
import { GuideWriteBackService } from '../../knowledge-base/application/guide-write-back.service';
import { TrainingAnswersService } from '../../knowledge-base/application/training-answers.service';
import { TopicsService } from '../../topics/application/topics.service';
import { Suggestion } from '../../assist/domain/decision';
import { DraftRating, TrainingAction } from '../../assist/domain/training-action';
import { TrainingError, TrainingErrorCode } from '../../assist/domain/training.error';
import { TrainingActionLog } from '../../assist/application/ports/training-action-log';
import { TrainingLinksService } from '../../assist/application/training-links.service';

export type TopicFix = 'reassign' | 'add_example' | 'mark_no_assist';

// Topics keep at most this many examples (the admin API's limit too), each at most this long.
const MAX_TOPIC_EXAMPLES = 50;
const MAX_EXAMPLE_LENGTH = 1000;

// What a rep can do from a note's training link. Every action needs the link to open its suggestion now, and
// is kept in the suggestion's history.
@Injectable()
export class TrainingActionsService {
  constructor(
    private readonly links: TrainingLinksService,
    private readonly actions: TrainingActionLog,
    private readonly answers: TrainingAnswersService,
    private readonly topics: TopicsService,
    private readonly guide: GuideWriteBackService,
  ) {}

  async rate(suggestionId: string, token: string, rating: DraftRating, comment: string): Promise<TrainingAction> {
    const suggestion = await this.links.openSuggestion(suggestionId, token);
    return this.actions.record({ ...about(suggestion), kind: 'rated', rating, ...(comment && { comment }), details: {} });
  }

  // The rep's answer grounds the drafts of similar questions from now on, before any article. Corrected again,
  // it replaces the first: one answer per suggestion.
  async correctAnswer(suggestionId: string, token: string, correction: { question: string; answer: string }): Promise<TrainingAction> {
    const suggestion = await this.links.openSuggestion(suggestionId, token);
    const { answer, replaced } = await this.answers.saveForSuggestion(suggestion.organizationId, suggestionId, correction, TRAINING_PAGE);
    return this.actions.record({ ...about(suggestion), kind: 'answer_corrected', details: { trainingAnswerId: answer.id, ...(replaced && { replaced: 'yes' }) } });
  }

  // Published to Zendesk Guide (when the organization allows it) and re-synced at once.
  async fixArticle(suggestionId: string, token: string, fix: { articleId: string; title: string; bodyHtml: string }): Promise<TrainingAction> {
    const suggestion = await this.links.openSuggestion(suggestionId, token);
    if (!suggestion.sources.some((source) => source.articleId === fix.articleId)) {
      throw new TrainingError(TrainingErrorCode.ArticleNotASource, 'This suggestion did not cite that article');
    }
    const { title, bodyHtml } = fix;
    await this.guide.publishArticleFix(suggestion.organizationId, fix.articleId, { title, bodyHtml }, `${TRAINING_PAGE} (suggestion ${suggestionId})`);
    return this.actions.record({ ...about(suggestion), kind: 'article_fixed', details: { articleId: fix.articleId, title } });
  }

  async fixTopic(suggestionId: string, token: string, fix: TopicFix, topicId: string): Promise<TrainingAction> {
    const suggestion = await this.links.openSuggestion(suggestionId, token);
    const topic = await this.topics.get(suggestion.organizationId, topicId);
    const details = { topicId, topic: topic.name };
    switch (fix) {
      case 'reassign':
        return this.actions.reassignTopic({ ...about(suggestion), kind: 'topic_reassigned', details }, topicId);
      case 'add_example': {
        const example = suggestion.question.slice(0, MAX_EXAMPLE_LENGTH);
        if (!topic.examples.includes(example)) {
          if (topic.examples.length >= MAX_TOPIC_EXAMPLES) {
            throw new TrainingError(TrainingErrorCode.TopicExamplesFull, `Topic "${topic.name}" already has ${MAX_TOPIC_EXAMPLES} examples: remove one first`);
          }
          await this.topics.addExampleFromRep(suggestion.organizationId, topicId, example);
        }
        return this.actions.record({ ...about(suggestion), kind: 'topic_example_added', details });
      }
      case 'mark_no_assist':
        await this.topics.update(suggestion.organizationId, topicId, { noAssist: true });
        return this.actions.record({ ...about(suggestion), kind: 'topic_marked_no_assist', details });
    }
  }
}

// Who made a change from the training page: the link is the rep's only credential.
const TRAINING_PAGE = 'training page';

const about = (suggestion: Suggestion) => ({ organizationId: suggestion.organizationId, suggestionId: suggestion.id });
