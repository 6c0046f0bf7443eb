import { Module } from '@nestjs/common';
import { AssistModule } from '../assist/assist.module';
import { KnowledgeBaseModule } from '../knowledge-base/knowledge-base.module';
import { TopicsModule } from '../topics/topics.module';
import { TrainingController } from './api/training.controller';
import { TrainingCsrf } from './api/training-csrf';
import { TrainingActionsService } from './application/training-actions.service';
import { TrainingPageService } from './application/training-page.service';

// The training page a note links to: the rep sees the suggestion's evidence and fixes the answer, the article or
// the topic. It reads and records through the Assist module's records.
@Module({
  imports: [AssistModule, KnowledgeBaseModule, TopicsModule],
  controllers: [TrainingController],
  providers: [TrainingPageService, TrainingActionsService, TrainingCsrf],
})
export class TrainingModule {}
