// Opened webhook signing secrets for a few seconds, so that a burst of deliveries reads and decrypts each
// organization's secret once. Only organizations that exist are kept (unknown ids never fill it), at most
// `maxEntries` of them: the oldest goes first.
export class SigningSecretCache {
  private readonly entries = new Map<string, { secret: string; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(organizationId: string): string | undefined {
    const entry = this.entries.get(organizationId);
    if (entry && entry.expiresAt > this.now()) return entry.secret;
    this.entries.delete(organizationId);
    return undefined;
  }

  set(organizationId: string, secret: string): void {
    this.entries.delete(organizationId);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(organizationId, { secret, expiresAt: this.now() + this.ttlMs });
  }

  delete(organizationId: string): void {
    this.entries.delete(organizationId);
  }
}
