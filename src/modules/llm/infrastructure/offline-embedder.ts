import { Injectable } from '@nestjs/common';
import { metrics } from '../../../shared/observability/metrics';
import { Embedder } from '../application/ports/embedder';
import { HASHED_EMBEDDING_DIMENSIONS, hashedEmbedding } from '../domain/hashed-embedding';

// The default without OPENAI_API_KEY: deterministic, in-process, no network.
@Injectable()
export class OfflineEmbedder extends Embedder {
  readonly model = `offline-hashed-${HASHED_EMBEDDING_DIMENSIONS}-v1`;

  async embed(texts: string[]): Promise<number[][]> {
    return metrics.timeLlmCall('offline', 'embeddings', async () => texts.map((text) => hashedEmbedding(text)));
  }
}
