import { Module } from '@nestjs/common';
import { LlmModule } from '../llm/llm.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { KnowledgeController } from './api/knowledge.controller';
import { KnowledgeBaseService } from './application/knowledge-base.service';
import { KnowledgeRepository } from './application/ports/knowledge.repository';
import { PostgresKnowledgeRepository } from './infrastructure/postgres-knowledge.repository';

@Module({
  imports: [LlmModule, OrganizationsModule],
  controllers: [KnowledgeController],
  providers: [KnowledgeBaseService, { provide: KnowledgeRepository, useClass: PostgresKnowledgeRepository }],
  exports: [KnowledgeBaseService],
})
export class KnowledgeBaseModule {}
