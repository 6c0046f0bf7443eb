// A failure of a service outside our process (Zendesk, the LLM). Its code becomes the reason of a
// `failed` decision; `transient` says whether the job queue should try again later.
export abstract class ExternalServiceError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }

  abstract get transient(): boolean;
}
