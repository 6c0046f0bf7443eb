import { OpenAIEmbeddings } from '@langchain/openai';
import { Embedder } from '../application/ports/embedder';
import { callingLlm } from './langchain-errors';
import { OpenAiSettings } from './openai-settings';

// Any OpenAI-compatible embeddings endpoint. LangChain batches the texts and retries 429s and 5xx with backoff.
export class LangchainEmbedder extends Embedder {
  readonly model: string;
  private readonly embeddings: OpenAIEmbeddings;

  constructor(settings: OpenAiSettings) {
    super();
    this.model = settings.embeddingModel;
    this.embeddings = new OpenAIEmbeddings({
      apiKey: settings.apiKey,
      model: settings.embeddingModel,
      batchSize: 256,
      maxRetries: settings.maxRetries,
      // Floats, not the SDK's default base64: self-hosted servers (vLLM, Ollama) do not all speak base64.
      encodingFormat: 'float',
      configuration: { baseURL: settings.baseUrl, timeout: settings.timeoutMs },
    });
  }

  embed(texts: string[]): Promise<number[][]> {
    return callingLlm('embeddings', () => this.embeddings.embedDocuments(texts));
  }
}
