// Base of every module's typed error: a stable string code that transports map to HTTP (or GraphQL) exhaustively.
export abstract class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
