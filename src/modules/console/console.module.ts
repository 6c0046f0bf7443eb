import { Module } from '@nestjs/common';
import { AssistModule } from '../assist/assist.module';
import { KnowledgeBaseModule } from '../knowledge-base/knowledge-base.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TopicsModule } from '../topics/topics.module';
import { ConsoleOrganizationsController } from './api/console-organizations.controller';
import { ConsoleCsrf, ConsoleSessionGuard } from './api/console-session';
import { ConsoleController } from './api/console.controller';
import { ConsoleTopicsController } from './api/console-topics.controller';
import { ConsoleTicketsController } from './api/console-tickets.controller';
import { ConsoleKnowledgeController } from './api/console-knowledge.controller';
import { ConsoleTrainingAnswersController } from './api/console-training-answers.controller';
import { ConsoleSessionsService } from './application/console-sessions.service';

// The admin console at /console: server-rendered pages over the admin API's own services.
@Module({
  imports: [OrganizationsModule, TopicsModule, AssistModule, KnowledgeBaseModule],
  controllers: [
    ConsoleController,
    ConsoleOrganizationsController,
    ConsoleTopicsController,
    ConsoleTicketsController,
    ConsoleKnowledgeController,
    ConsoleTrainingAnswersController,
  ],
  providers: [ConsoleSessionsService, ConsoleSessionGuard, ConsoleCsrf],
})
export class ConsoleModule {}
