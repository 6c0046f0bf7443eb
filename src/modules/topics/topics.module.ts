import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LlmModule } from '../llm/llm.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TopicsController } from './api/topics.controller';
import { OrganizationTopicsResolver, TopicsResolver } from './api/topics.resolver';
import { TopicRepository } from './application/ports/topic.repository';
import { TopicsService } from './application/topics.service';
import { TopicEntity } from './infrastructure/topic.entity';
import { TypeormTopicRepository } from './infrastructure/typeorm-topic.repository';

@Module({
  imports: [TypeOrmModule.forFeature([TopicEntity]), LlmModule, OrganizationsModule],
  controllers: [TopicsController],
  providers: [TopicsService, TopicsResolver, OrganizationTopicsResolver, { provide: TopicRepository, useClass: TypeormTopicRepository }],
  exports: [TopicsService],
})
export class TopicsModule {}
