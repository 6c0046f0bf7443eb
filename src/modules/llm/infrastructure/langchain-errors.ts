import { metrics } from '../../../shared/observability/metrics';
import { LlmError, LlmErrorCode } from '../domain/llm.error';

// LangChain has already retried what it retries (429 with Retry-After, 5xx, network) by the time this runs.
export function callingLlm<T>(what: string, call: () => Promise<T>): Promise<T> {
  return metrics.timeLlmCall('openai', what, async () => {
    try {
      return await call();
    } catch (error) {
      throw toLlmError(what, error);
    }
  });
}

function toLlmError(what: string, error: unknown): LlmError {
  const { status, message } = (error ?? {}) as { status?: unknown; message?: unknown };
  const text = `LLM ${what}: ${typeof message === 'string' ? message : String(error)}`;
  const httpStatus = typeof status === 'number' ? status : undefined;
  if (httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408 && httpStatus !== 429) {
    return new LlmError(LlmErrorCode.Rejected, text, httpStatus);
  }
  return new LlmError(LlmErrorCode.Unavailable, text, httpStatus);
}
