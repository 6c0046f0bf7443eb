import { ExternalServiceError } from '../../../shared/errors/external-service.error';

export enum LlmErrorCode {
  // Network failure, timeout, rate limit or 5xx: worth another attempt later.
  Unavailable = 'llm_unavailable',
  // The server refused the request (bad key, unknown model, bad request): retrying will not help.
  Rejected = 'llm_rejected',
  // The model answered without the structure asked for; another attempt may do better.
  InvalidOutput = 'llm_invalid_output',
}

export class LlmError extends ExternalServiceError<LlmErrorCode> {
  get transient(): boolean {
    return this.code !== LlmErrorCode.Rejected;
  }
}
