import { Module } from '@nestjs/common';
import { DedupeModule } from '../dedupe/dedupe.module';
import { KnowledgeBaseModule } from '../knowledge-base/knowledge-base.module';
import { LlmModule } from '../llm/llm.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TopicsModule } from '../topics/topics.module';
import { ZendeskModule } from '../zendesk/zendesk.module';
import { DecisionsController } from './api/decisions.controller';
import { HandoffsController } from './api/handoffs.controller';
import { TrainingController } from './api/training.controller';
import { ZendeskWebhookController } from './api/zendesk-webhook.controller';
import { AssistPipelineService } from './application/assist-pipeline.service';
import { GroundedDraftService } from './application/grounded-draft.service';
import { AssistRecords } from './application/ports/assist-records';
import { TrainingLinksService } from './application/training-links.service';
import { WebhookIntakeService } from './application/webhook-intake.service';
import { AssistWorker } from './infrastructure/assist-worker';
import { PostgresAssistRecords } from './infrastructure/postgres-assist-records';

@Module({
  imports: [OrganizationsModule, TopicsModule, KnowledgeBaseModule, DedupeModule, ZendeskModule, LlmModule],
  controllers: [ZendeskWebhookController, DecisionsController, HandoffsController, TrainingController],
  providers: [
    AssistPipelineService,
    GroundedDraftService,
    WebhookIntakeService,
    TrainingLinksService,
    AssistWorker,
    { provide: AssistRecords, useClass: PostgresAssistRecords },
  ],
})
export class AssistModule {}
