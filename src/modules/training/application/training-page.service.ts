import { Injectable } from '@nestjs/common';
import { EditableArticle, GuideWriteBackService } from '../../knowledge-base/application/guide-write-back.service';
import { TrainingAnswersService } from '../../knowledge-base/application/training-answers.service';
import { TrainingAnswer } from '../../knowledge-base/domain/training-answer';
import { TopicsService } from '../../topics/application/topics.service';
import { Topic } from '../../topics/domain/topic';
import { Suggestion, SuggestionSource } from '../../assist/domain/decision';
import { highlightPassage, PassageSegment } from '../domain/passage-highlight';
import { TrainingAction } from '../../assist/domain/training-action';
import { AssistRecords } from '../../assist/application/ports/assist-records';
import { TrainingActionLog } from '../../assist/application/ports/training-action-log';
import { TrainingLinksService } from '../../assist/application/training-links.service';

export interface TrainingSource {
  source: SuggestionSource;
  // The article as it stands now (null for a training answer, or an article removed since).
  article: EditableArticle | null;
  passage: PassageSegment[];
}

export interface MatchedTopic {
  name: string;
  noAssist: boolean;
  because: string;
}

// Everything the training page shows about one suggestion.
export interface TrainingView {
  suggestion: Suggestion;
  sources: TrainingSource[];
  matchedTopics: MatchedTopic[];
  reassignedTopic: Topic | null;
  // The organization's topics, for the topic fixes.
  topics: Topic[];
  // Whether "publish to Zendesk Guide" is on for the organization.
  writeBackEnabled: boolean;
  history: TrainingAction[];
  // The answer a rep saved here, which "Correct the answer" edits.
  savedAnswer: TrainingAnswer | null;
}

@Injectable()
export class TrainingPageService {
  constructor(
    private readonly links: TrainingLinksService,
    private readonly records: AssistRecords,
    private readonly actions: TrainingActionLog,
    private readonly topics: TopicsService,
    private readonly guide: GuideWriteBackService,
    private readonly answers: TrainingAnswersService,
  ) {}

  async open(suggestionId: string, token: string): Promise<TrainingView> {
    const suggestion = await this.links.openSuggestion(suggestionId, token);
    const { organizationId } = suggestion;
    const [writeBackEnabled, decisions, topics, history, savedAnswer] = await Promise.all([
      this.guide.isWriteBackEnabled(organizationId),
      this.records.listDecisions(organizationId, suggestion.ticketId),
      this.topics.list(organizationId),
      this.actions.listForSuggestion(suggestion.id),
      this.answers.findForSuggestion(organizationId, suggestion.id),
    ]);
    const evidence = decisions.find((decision) => decision.suggestionId === suggestion.id)?.evidence;
    const sources = await Promise.all(
      suggestion.sources.map(async (source) => ({
        source,
        article: await this.guide.findEditableArticle(organizationId, source.articleId),
        passage: highlightPassage(source.passage ?? '', suggestion.question),
      })),
    );
    return {
      suggestion,
      sources,
      matchedTopics: Array.isArray(evidence?.topics) ? (evidence.topics as MatchedTopic[]) : [],
      reassignedTopic: topics.find((topic) => topic.id === suggestion.reassignedTopicId) ?? null,
      topics,
      writeBackEnabled,
      history,
      savedAnswer,
    };
  }
}
