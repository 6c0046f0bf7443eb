import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Logger } from 'pino';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { AssistModule } from './modules/assist/assist.module';
import { InsightsModule } from './modules/insights/insights.module';
import { TrainingModule } from './modules/training/training.module';
import { ConsoleModule } from './modules/console/console.module';
import { KnowledgeBaseModule } from './modules/knowledge-base/knowledge-base.module';
import { OrganizationsModule } from './modules/organizations/organizations.module';
import { TopicsModule } from './modules/topics/topics.module';
import { CachedRowsModule } from './shared/database/cached-rows';
import { DatabaseModule } from './shared/database/database.module';
import { GraphqlApiModule } from './shared/graphql/graphql-api.module';
import { createRootLogger } from './shared/observability/logger';
import { ObservabilityModule } from './shared/observability/observability.module';
import { QueueModule } from './shared/queue/queue.module';
import { WebModule } from './shared/web/web.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger = createRootLogger({ level: config.logLevel })): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(logger),
        DatabaseModule,
        CachedRowsModule,
        QueueModule,
        ScheduleModule.forRoot(),
        OrganizationsModule,
        TopicsModule,
        KnowledgeBaseModule,
        AssistModule,
        TrainingModule,
        InsightsModule,
        GraphqlApiModule,
        ConsoleModule,
        WebModule,
      ],
    };
  }
}
