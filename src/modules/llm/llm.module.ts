import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { GuardedDraftWriter } from './application/guarded-draft-writer';
import { DraftWriter } from './application/ports/draft-writer';
import { Embedder } from './application/ports/embedder';
import { TopicChooser } from './application/ports/topic-chooser';
import { LangchainDraftWriter } from './infrastructure/langchain-draft-writer';
import { LangchainEmbedder } from './infrastructure/langchain-embedder';
import { LangchainTopicChooser } from './infrastructure/langchain-topic-chooser';
import { OfflineDraftWriter } from './infrastructure/offline-draft-writer';
import { OfflineEmbedder } from './infrastructure/offline-embedder';
import { OfflineTopicChooser } from './infrastructure/offline-topic-chooser';
import { openAiSettings } from './infrastructure/openai-settings';

// OPENAI_API_KEY picks the LangChain adapters (any OpenAI-compatible server); otherwise the offline ones.
@Module({
  providers: [
    {
      provide: Embedder,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const settings = openAiSettings(config);
        return settings ? new LangchainEmbedder(settings) : new OfflineEmbedder();
      },
    },
    {
      provide: DraftWriter,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const settings = openAiSettings(config);
        new Logger('Llm').log(settings ? `Drafting with ${settings.chatModel} (OpenAI-compatible)` : 'Drafting offline (extractive, no LLM)');
        return settings ? new GuardedDraftWriter(new LangchainDraftWriter(settings)) : new OfflineDraftWriter();
      },
    },
    {
      provide: TopicChooser,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const settings = openAiSettings(config);
        return settings ? new LangchainTopicChooser(settings) : new OfflineTopicChooser();
      },
    },
  ],
  exports: [Embedder, DraftWriter, TopicChooser],
})
export class LlmModule {}
