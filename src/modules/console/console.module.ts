import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ConsoleOrganizationsController } from './api/console-organizations.controller';
import { ConsoleCsrf, ConsoleSessionGuard } from './api/console-session';
import { ConsoleController } from './api/console.controller';
import { ConsoleSessionsService } from './application/console-sessions.service';

// The admin console at /console: server-rendered pages over the admin API's own services.
@Module({
  imports: [OrganizationsModule],
  controllers: [ConsoleController, ConsoleOrganizationsController],
  providers: [ConsoleSessionsService, ConsoleSessionGuard, ConsoleCsrf],
})
export class ConsoleModule {}
