import { DomainError } from '../../../shared/errors/domain.error';

export enum TrainingErrorCode {
  LinkInvalid = 'training_link_invalid',
  LinkExpired = 'training_link_expired',
  SuggestionNotFound = 'suggestion_not_found',
  // The training page fixes only the articles its suggestion cited.
  ArticleNotASource = 'article_not_a_source',
  TopicExamplesFull = 'topic_examples_full',
}

export class TrainingError extends DomainError<TrainingErrorCode> {}
