import { Module } from '@nestjs/common';
import { AssistModule } from '../assist/assist.module';
import { InsightsModule } from '../insights/insights.module';
import { KnowledgeBaseModule } from '../knowledge-base/knowledge-base.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TopicsModule } from '../topics/topics.module';
import { ZendeskModule } from '../zendesk/zendesk.module';
import { ConsoleOrganizationsController } from './api/console-organizations.controller';
import { ConsoleCsrf, ConsoleSessionGuard } from './api/console-session';
import { ConsoleController } from './api/console.controller';
import { ConsoleTopicsController } from './api/console-topics.controller';
import { ConsoleTicketsController } from './api/console-tickets.controller';
import { ConsoleKeysController } from './api/console-keys.controller';
import { ConsoleInsightsController } from './api/console-insights.controller';
import { ConsoleKnowledgeController } from './api/console-knowledge.controller';
import { ConsoleTrainingAnswersController } from './api/console-training-answers.controller';
import { ConsoleSessionsService } from './application/console-sessions.service';
import { ConsoleZendeskController } from './api/console-zendesk.controller';
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
