import { Module } from '@nestjs/common';
import { LlmModule } from '../llm/llm.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ZendeskModule } from '../zendesk/zendesk.module';
import { HelpCenterController } from './api/help-center.controller';
import { HelpCenterResolver } from './api/help-center.resolver';
import { KnowledgeController } from './api/knowledge.controller';
import { KnowledgeResolver } from './api/knowledge.resolver';
import { HelpCenterSyncService } from './application/help-center-sync.service';
import { KnowledgeBaseService } from './application/knowledge-base.service';
import { KnowledgeRepository } from './application/ports/knowledge.repository';
import { SyncRecords } from './application/ports/sync-records';
import { SyncRunsService } from './application/sync-runs.service';
import { HelpCenterSyncWorker } from './infrastructure/help-center-sync.worker';
import { PostgresKnowledgeRepository } from './infrastructure/postgres-knowledge.repository';
import { PostgresSyncRecords } from './infrastructure/postgres-sync-records';

@Module({
  imports: [LlmModule, OrganizationsModule, ZendeskModule],
  controllers: [KnowledgeController, HelpCenterController],
  providers: [
    KnowledgeBaseService,
    HelpCenterSyncService,
    SyncRunsService,
    HelpCenterSyncWorker,
    HelpCenterResolver,
    KnowledgeResolver,
    { provide: KnowledgeRepository, useClass: PostgresKnowledgeRepository },
    { provide: SyncRecords, useClass: PostgresSyncRecords },
  ],
  exports: [KnowledgeBaseService, SyncRunsService],
})
export class KnowledgeBaseModule {}
