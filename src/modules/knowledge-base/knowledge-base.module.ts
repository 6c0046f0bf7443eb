import { Module } from '@nestjs/common';
import { LlmModule } from '../llm/llm.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ZendeskModule } from '../zendesk/zendesk.module';
import { HelpCenterController } from './api/help-center.controller';
import { HelpCenterResolver } from './api/help-center.resolver';
import { KnowledgeController } from './api/knowledge.controller';
import { KnowledgeResolver } from './api/knowledge.resolver';
import { SolvedTicketsController } from './api/solved-tickets.controller';
import { SolvedTicketsResolver } from './api/solved-tickets.resolver';
import { TrainingAnswersController } from './api/training-answers.controller';
import { TrainingAnswersResolver } from './api/training-answers.resolver';
import { GuideWriteBackService } from './application/guide-write-back.service';
import { HelpCenterSyncService } from './application/help-center-sync.service';
import { KnowledgeBaseService } from './application/knowledge-base.service';
import { MacroSyncService } from './application/macro-sync.service';
import { ArticleAdminRepository } from './application/ports/article-admin.repository';
import { KnowledgeRepository } from './application/ports/knowledge.repository';
import { MacroSyncRecords } from './application/ports/macro-sync-records';
import { SolvedTicketRepository } from './application/ports/solved-ticket.repository';
import { SyncRecords } from './application/ports/sync-records';
import { SolvedTicketSyncService } from './application/solved-ticket-sync.service';
import { SolvedTicketsService } from './application/solved-tickets.service';
import { SyncRunsService } from './application/sync-runs.service';
import { TrainingAnswerRepository } from './application/ports/training-answer.repository';
import { TrainingAnswersService } from './application/training-answers.service';
import { HelpCenterSyncWorker } from './infrastructure/help-center-sync.worker';
import { PostgresArticleAdminRepository } from './infrastructure/postgres-article-admin.repository';
import { PostgresKnowledgeRepository } from './infrastructure/postgres-knowledge.repository';
import { PostgresMacroSyncRecords } from './infrastructure/postgres-macro-sync-records';
import { PostgresSolvedTicketRepository } from './infrastructure/postgres-solved-ticket.repository';
import { PostgresSyncRecords } from './infrastructure/postgres-sync-records';
import { PostgresTrainingAnswerRepository } from './infrastructure/postgres-training-answer.repository';

@Module({
  imports: [LlmModule, OrganizationsModule, ZendeskModule],
  controllers: [KnowledgeController, HelpCenterController, TrainingAnswersController, SolvedTicketsController],
  providers: [
    KnowledgeBaseService,
    HelpCenterSyncService,
    MacroSyncService,
    SyncRunsService,
    HelpCenterSyncWorker,
    HelpCenterResolver,
    KnowledgeResolver,
    TrainingAnswersService,
    TrainingAnswersResolver,
    GuideWriteBackService,
    SolvedTicketsService,
    SolvedTicketSyncService,
    SolvedTicketsResolver,
    { provide: KnowledgeRepository, useClass: PostgresKnowledgeRepository },
    { provide: ArticleAdminRepository, useClass: PostgresArticleAdminRepository },
    { provide: SyncRecords, useClass: PostgresSyncRecords },
    { provide: MacroSyncRecords, useClass: PostgresMacroSyncRecords },
    { provide: TrainingAnswerRepository, useClass: PostgresTrainingAnswerRepository },
    { provide: SolvedTicketRepository, useClass: PostgresSolvedTicketRepository },
  ],
  exports: [KnowledgeBaseService, SyncRunsService, TrainingAnswersService, GuideWriteBackService, SolvedTicketsService],
})
export class KnowledgeBaseModule {}
