import { DomainError } from '../../../shared/errors/domain.error';

export enum KnowledgeErrorCode {
  ArticleNotFound = 'knowledge_article_not_found',
  // Deleting a Help Center article here would not last: the next full sync adds it back.
  ArticleSyncedFromHelpCenter = 'knowledge_article_synced_from_help_center',
  TrainingAnswerNotFound = 'training_answer_not_found',
}

export class KnowledgeError extends DomainError<KnowledgeErrorCode> {}
