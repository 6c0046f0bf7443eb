import { HttpStatus } from '@nestjs/common';
import { WebhookErrorCode } from './modules/assist/application/webhook-intake.service';
import { TrainingErrorCode } from './modules/assist/domain/training.error';
import { KnowledgeErrorCode } from './modules/knowledge-base/domain/knowledge.error';
import { SyncErrorCode } from './modules/knowledge-base/domain/sync-run';
import { OrganizationErrorCode } from './modules/organizations/domain/organization';
import { TopicErrorCode } from './modules/topics/domain/topic';

// Each module's codes, mapped exhaustively: a new code fails to compile until it has a status.
const organizations: Record<OrganizationErrorCode, HttpStatus> = {
  [OrganizationErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [OrganizationErrorCode.InvalidZendeskUrl]: HttpStatus.BAD_REQUEST,
  [OrganizationErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [OrganizationErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [OrganizationErrorCode.ApiKeyNotFound]: HttpStatus.NOT_FOUND,
};
const topics: Record<TopicErrorCode, HttpStatus> = {
  [TopicErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [TopicErrorCode.DuplicateName]: HttpStatus.CONFLICT,
  [TopicErrorCode.TestWindowBeyondRetention]: HttpStatus.BAD_REQUEST,
};
const webhooks: Record<WebhookErrorCode, HttpStatus> = {
  [WebhookErrorCode.UnknownOrganization]: HttpStatus.NOT_FOUND,
  [WebhookErrorCode.BadSignature]: HttpStatus.UNAUTHORIZED,
  [WebhookErrorCode.MalformedBody]: HttpStatus.BAD_REQUEST,
};
const sync: Record<SyncErrorCode, HttpStatus> = {
  [SyncErrorCode.RunNotFound]: HttpStatus.NOT_FOUND,
  [SyncErrorCode.RunAbandoned]: HttpStatus.CONFLICT,
};
const knowledge: Record<KnowledgeErrorCode, HttpStatus> = {
  [KnowledgeErrorCode.ArticleNotFound]: HttpStatus.NOT_FOUND,
  [KnowledgeErrorCode.ArticleSyncedFromHelpCenter]: HttpStatus.CONFLICT,
  [KnowledgeErrorCode.TrainingAnswerNotFound]: HttpStatus.NOT_FOUND,
  [KnowledgeErrorCode.SuggestionNotFound]: HttpStatus.NOT_FOUND,
  [KnowledgeErrorCode.GuideWriteBackDisabled]: HttpStatus.CONFLICT,
  [KnowledgeErrorCode.ArticleNotFromHelpCenter]: HttpStatus.CONFLICT,
  [KnowledgeErrorCode.InvalidArticleFix]: HttpStatus.BAD_REQUEST,
  [KnowledgeErrorCode.GuideArticleGone]: HttpStatus.CONFLICT,
  // Zendesk's refusals and failures: the request was fine, the upstream said no (403 here would read as our auth).
  [KnowledgeErrorCode.GuideWriteForbidden]: HttpStatus.BAD_GATEWAY,
  [KnowledgeErrorCode.GuideWriteFailed]: HttpStatus.BAD_GATEWAY,
};
const training: Record<TrainingErrorCode, HttpStatus> = {
  [TrainingErrorCode.LinkInvalid]: HttpStatus.FORBIDDEN,
  [TrainingErrorCode.LinkExpired]: HttpStatus.GONE,
  [TrainingErrorCode.SuggestionNotFound]: HttpStatus.NOT_FOUND,
  [TrainingErrorCode.ArticleNotASource]: HttpStatus.BAD_REQUEST,
  [TrainingErrorCode.TopicExamplesFull]: HttpStatus.CONFLICT,
};

export const httpStatusByErrorCode: Record<string, HttpStatus> = { ...organizations, ...topics, ...webhooks, ...training, ...sync, ...knowledge };
