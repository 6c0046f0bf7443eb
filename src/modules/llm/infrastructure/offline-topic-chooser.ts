import { Injectable } from '@nestjs/common';
import { TopicChooser } from '../application/ports/topic-chooser';

// The default without OPENAI_API_KEY: no model to ask, so no topic beyond what rules and embeddings found.
@Injectable()
export class OfflineTopicChooser extends TopicChooser {
  readonly usesLlm = false;

  async choose(): Promise<string[]> {
    return [];
  }
}
