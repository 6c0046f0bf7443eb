import { Module } from '@nestjs/common';
import { AssistModule } from '../assist/assist.module';
import { LlmModule } from '../llm/llm.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { DashboardController } from './api/dashboard.controller';
import { InsightsController } from './api/insights.controller';
import { InsightsResolver } from './api/insights.resolver';
import { InsightsService } from './application/insights.service';
import { InsightsQueries } from './application/ports/insights-queries';
import { PostgresInsightsQueries } from './infrastructure/postgres-insights-queries';

// What Assist did for an organization over a period, and the dashboard that draws it: read-only over Assist's records.
@Module({
  imports: [AssistModule, LlmModule, OrganizationsModule],
  controllers: [InsightsController, DashboardController],
  providers: [InsightsService, InsightsResolver, { provide: InsightsQueries, useClass: PostgresInsightsQueries }],
  exports: [InsightsService],
})
export class InsightsModule {}
