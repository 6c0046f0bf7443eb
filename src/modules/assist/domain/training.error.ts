import { DomainError } from '../../../shared/errors/domain.error';

export enum TrainingErrorCode {
  LinkInvalid = 'training_link_invalid',
  LinkExpired = 'training_link_expired',
  SuggestionNotFound = 'suggestion_not_found',
}

export class TrainingError extends DomainError<TrainingErrorCode> {}
