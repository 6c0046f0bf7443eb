import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LlmModule } from '../llm/llm.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TopicsController } from './api/topics.controller';
import { OrganizationTopicsResolver, TopicsResolver } from './api/topics.resolver';
import { StoredQuestions } from './application/ports/stored-questions';
import { TopicMatchCounts } from './application/ports/topic-match-counts';
import { TopicRepository } from './application/ports/topic.repository';
import { TopicTesterService } from './application/topic-tester.service';
import { TopicsService } from './application/topics.service';
import { PostgresStoredQuestions } from './infrastructure/postgres-stored-questions';
import { PostgresTopicMatchCounts } from './infrastructure/postgres-topic-match-counts';
import { QuestionRetentionWorker } from './infrastructure/question-retention.worker';
import { TopicEntity } from './infrastructure/topic.entity';
import { TypeormTopicRepository } from './infrastructure/typeorm-topic.repository';

@Module({
  imports: [TypeOrmModule.forFeature([TopicEntity]), LlmModule, OrganizationsModule],
  controllers: [TopicsController],
  providers: [
    TopicsService,
    TopicTesterService,
    TopicsResolver,
    OrganizationTopicsResolver,
    QuestionRetentionWorker,
    { provide: TopicRepository, useClass: TypeormTopicRepository },
    { provide: StoredQuestions, useClass: PostgresStoredQuestions },
    { provide: TopicMatchCounts, useClass: PostgresTopicMatchCounts },
  ],
  exports: [TopicsService, TopicTesterService, TopicMatchCounts],
})
export class TopicsModule {}
