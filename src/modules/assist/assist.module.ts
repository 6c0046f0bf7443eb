import { Module } from '@nestjs/common';
import { DedupeModule } from '../dedupe/dedupe.module';
import { KnowledgeBaseModule } from '../knowledge-base/knowledge-base.module';
import { LlmModule } from '../llm/llm.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TopicsModule } from '../topics/topics.module';
import { ZendeskModule } from '../zendesk/zendesk.module';
import { AcceptanceController } from './api/acceptance.controller';
import { DecisionsResolver, SuggestionsResolver, TopicMatchesResolver } from './api/assist.resolver';
import { DecisionsController } from './api/decisions.controller';
import { ExplainController } from './api/explain.controller';
import { HandoffsController } from './api/handoffs.controller';
import { ZendeskWebhookRoute } from './api/zendesk-webhook.route';
import { AssistPipelineService } from './application/assist-pipeline.service';
import { ExplainService } from './application/explain.service';
import { GroundedDraftService } from './application/grounded-draft.service';
import { AssistRecords } from './application/ports/assist-records';
import { TrainingActionLog } from './application/ports/training-action-log';
import { ReplyFeedbackService } from './application/reply-feedback.service';
import { TrainingLinksService } from './application/training-links.service';
import { WebhookIntakeService } from './application/webhook-intake.service';
import { AssistWorker } from './infrastructure/assist-worker';
import { PostgresAssistRecords } from './infrastructure/postgres-assist-records';
import { PostgresTrainingActionLog } from './infrastructure/postgres-training-action-log';

// Webhook intake, the pipeline, and its records: decisions, suggestions, the links in each note and what reps
// did with them. The training page and insights read these records from their own modules.
@Module({
  imports: [OrganizationsModule, TopicsModule, KnowledgeBaseModule, DedupeModule, ZendeskModule, LlmModule],
  controllers: [DecisionsController, AcceptanceController, ExplainController, HandoffsController],
  providers: [
    ZendeskWebhookRoute,
    AssistPipelineService,
    ExplainService,
    GroundedDraftService,
    WebhookIntakeService,
    TrainingLinksService,
    ReplyFeedbackService,
    AssistWorker,
    DecisionsResolver,
    SuggestionsResolver,
    TopicMatchesResolver,
    { provide: AssistRecords, useClass: PostgresAssistRecords },
    { provide: TrainingActionLog, useClass: PostgresTrainingActionLog },
  ],
  exports: [AssistRecords, TrainingActionLog, TrainingLinksService, ExplainService, WebhookIntakeService],
})
export class AssistModule {}
