import { Module } from '@nestjs/common';
import { AssistModule } from '../assist/assist.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ConsoleOrganizationsController } from './api/console-organizations.controller';
import { ConsoleCsrf, ConsoleSessionGuard } from './api/console-session';
import { ConsoleController } from './api/console.controller';
import { ConsoleTicketsController } from './api/console-tickets.controller';
import { ConsoleSessionsService } from './application/console-sessions.service';

// The admin console at /console: server-rendered pages over the admin API's own services.
@Module({
  imports: [OrganizationsModule, AssistModule],
  controllers: [ConsoleController, ConsoleOrganizationsController, ConsoleTicketsController],
  providers: [ConsoleSessionsService, ConsoleSessionGuard, ConsoleCsrf],
})
export class ConsoleModule {}
