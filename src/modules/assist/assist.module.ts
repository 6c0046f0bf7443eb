import { Module } from '@nestjs/common';
import { DedupeModule } from '../dedupe/dedupe.module';
import { KnowledgeBaseModule } from '../knowledge-base/knowledge-base.module';
import { LlmModule } from '../llm/llm.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TopicsModule } from '../topics/topics.module';
import { ZendeskModule } from '../zendesk/zendesk.module';
import { AcceptanceController } from './api/acceptance.controller';
import { DecisionsResolver, SuggestionsResolver, TopicMatchesResolver } from './api/assist.resolver';
import { DashboardController } from './api/insights/dashboard.controller';
import { DecisionsController } from './api/decisions.controller';
import { ExplainController } from './api/explain.controller';
import { HandoffsController } from './api/handoffs.controller';
import { InsightsController } from './api/insights/insights.controller';
import { InsightsResolver } from './api/insights/insights.resolver';
import { TrainingController } from './api/training/training.controller';
import { TrainingCsrf } from './api/training/training-csrf';
import { ZendeskWebhookController } from './api/zendesk-webhook.controller';
import { AssistPipelineService } from './application/assist-pipeline.service';
import { ExplainService } from './application/explain.service';
import { GroundedDraftService } from './application/grounded-draft.service';
import { InsightsService } from './application/insights.service';
import { AssistRecords } from './application/ports/assist-records';
import { InsightsQueries } from './application/ports/insights-queries';
import { ReplyFeedbackService } from './application/reply-feedback.service';
import { TrainingActionLog } from './application/ports/training-action-log';
import { TrainingActionsService } from './application/training-actions.service';
import { TrainingLinksService } from './application/training-links.service';
import { TrainingPageService } from './application/training-page.service';
import { WebhookIntakeService } from './application/webhook-intake.service';
import { AssistWorker } from './infrastructure/assist-worker';
import { PostgresAssistRecords } from './infrastructure/postgres-assist-records';
import { PostgresInsightsQueries } from './infrastructure/postgres-insights-queries';
import { PostgresTrainingActionLog } from './infrastructure/postgres-training-action-log';

@Module({
  imports: [OrganizationsModule, TopicsModule, KnowledgeBaseModule, DedupeModule, ZendeskModule, LlmModule],
  controllers: [ZendeskWebhookController, DecisionsController, AcceptanceController, ExplainController, HandoffsController, TrainingController, InsightsController, DashboardController],
  providers: [
    AssistPipelineService,
    ExplainService,
    GroundedDraftService,
    WebhookIntakeService,
    TrainingLinksService,
    TrainingPageService,
    TrainingActionsService,
    TrainingCsrf,
    ReplyFeedbackService,
    AssistWorker,
    DecisionsResolver,
    SuggestionsResolver,
    TopicMatchesResolver,
    { provide: AssistRecords, useClass: PostgresAssistRecords },
    InsightsService,
    InsightsResolver,
    { provide: InsightsQueries, useClass: PostgresInsightsQueries },
    { provide: TrainingActionLog, useClass: PostgresTrainingActionLog },
  ],
  // For the console's Tickets screen.
  exports: [AssistRecords, ExplainService, WebhookIntakeService],
})
export class AssistModule {}
