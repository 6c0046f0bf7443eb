import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TopicsController } from './api/topics.controller';
import { TopicRepository } from './application/ports/topic.repository';
import { TopicsService } from './application/topics.service';
import { TopicEntity } from './infrastructure/topic.entity';
import { TypeormTopicRepository } from './infrastructure/typeorm-topic.repository';

@Module({
  imports: [TypeOrmModule.forFeature([TopicEntity]), OrganizationsModule],
  controllers: [TopicsController],
  providers: [TopicsService, { provide: TopicRepository, useClass: TypeormTopicRepository }],
  exports: [TopicsService],
})
export class TopicsModule {}
