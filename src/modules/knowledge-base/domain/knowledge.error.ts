import { DomainError } from '../../../shared/errors/domain.error';

export enum KnowledgeErrorCode {
  ArticleNotFound = 'knowledge_article_not_found',
  // Deleting a Help Center article here would not last: the next full sync adds it back.
  ArticleSyncedFromHelpCenter = 'knowledge_article_synced_from_help_center',
  TrainingAnswerNotFound = 'training_answer_not_found',
  // A training answer's suggestion: none of the organization's has that id.
  SuggestionNotFound = 'suggestion_not_found',
  // Publishing article fixes to Zendesk Guide is off for the organization (setting `guideWriteBack`).
  GuideWriteBackDisabled = 'guide_write_back_disabled',
  // Uploaded through the admin API: there is no Guide article to publish to.
  ArticleNotFromHelpCenter = 'article_not_from_help_center',
  InvalidArticleFix = 'invalid_article_fix',
  // Guide no longer has the article (or its brand's help center): the next full sync removes it here.
  GuideArticleGone = 'guide_article_gone',
  // Guide refused the edit: the API token's user may not edit the article.
  GuideWriteForbidden = 'guide_write_forbidden',
  // Zendesk failed otherwise (unreachable, credentials refused, request rejected).
  GuideWriteFailed = 'guide_write_failed',
}

export class KnowledgeError extends DomainError<KnowledgeErrorCode> {}
