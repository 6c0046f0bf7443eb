import { AppConfig } from '../../../config/app-config';

export interface OpenAiSettings {
  apiKey: string;
  baseUrl: string | undefined;
  chatModel: string;
  embeddingModel: string;
  maxRetries: number;
  timeoutMs: number;
}

export function openAiSettings(config: AppConfig): OpenAiSettings | null {
  if (!config.openAiApiKey) return null;
  return {
    apiKey: config.openAiApiKey,
    baseUrl: config.openAiBaseUrl,
    chatModel: config.llmModel,
    embeddingModel: config.embeddingModel,
    ...config.llmCallPolicy,
  };
}
