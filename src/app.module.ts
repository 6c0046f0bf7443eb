import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { AssistModule } from './modules/assist/assist.module';
import { KnowledgeBaseModule } from './modules/knowledge-base/knowledge-base.module';
import { OrganizationsModule } from './modules/organizations/organizations.module';
import { TopicsModule } from './modules/topics/topics.module';
import { DatabaseModule } from './shared/database/database.module';
import { QueueModule } from './shared/queue/queue.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueueModule,
        ScheduleModule.forRoot(),
        OrganizationsModule,
        TopicsModule,
        KnowledgeBaseModule,
        AssistModule,
      ],
    };
  }
}
