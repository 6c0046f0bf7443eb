import { Module } from '@nestjs/common';
import { AssistModule } from '../assist/assist.module';
import { InsightsModule } from '../insights/insights.module';
import { KnowledgeBaseModule } from '../knowledge-base/knowledge-base.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TopicsModule } from '../topics/topics.module';
import { ZendeskModule } from '../zendesk/zendesk.module';
import { ConsoleOrganizationsController } from './api/organizations/console-organizations.controller';
import { ConsoleCsrf, ConsoleSessionGuard } from './api/console-session';
import { ConsoleController } from './api/console.controller';
import { ConsoleTopicsController } from './api/topics/console-topics.controller';
import { ConsoleTicketsController } from './api/tickets/console-tickets.controller';
import { ConsoleKeysController } from './api/keys/console-keys.controller';
import { ConsoleInsightsController } from './api/insights/console-insights.controller';
import { ConsoleKnowledgeController } from './api/knowledge/console-knowledge.controller';
import { ConsoleTrainingAnswersController } from './api/knowledge/console-training-answers.controller';
import { ConsoleSessionsService } from './application/console-sessions.service';
import { ConsoleZendeskController } from './api/zendesk/console-zendesk.controller';
import { ZendeskConnectionService } from './application/zendesk-connection.service';

// The admin console at /console: server-rendered pages over the admin API's own services.
@Module({
  imports: [OrganizationsModule, TopicsModule, AssistModule, ZendeskModule, InsightsModule, KnowledgeBaseModule],
  controllers: [
    ConsoleController,
    ConsoleOrganizationsController,
    ConsoleTopicsController,
    ConsoleTicketsController,
    ConsoleKeysController,
    ConsoleZendeskController,
    ConsoleInsightsController,
    ConsoleKnowledgeController,
    ConsoleTrainingAnswersController,
  ],
  providers: [ConsoleSessionsService, ConsoleSessionGuard, ConsoleCsrf, ZendeskConnectionService],
})
export class ConsoleModule {}
