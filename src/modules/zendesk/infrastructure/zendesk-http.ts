import { Logger } from '@nestjs/common';
import { metrics } from '../../../shared/observability/metrics';
import { parseJsonExact } from '../../../shared/text/exact-json';
import { Answer, Permit, RequestGuard } from '../application/ports/request-guard';
import { RequestPriority } from '../domain/request-budget';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { keepAliveRequest, ZendeskRequest, ZendeskResponse } from './keep-alive-request';

// How hard one HTTP call tries before the job queue takes over.
export class RetryPolicy {
  attempts = 3;
  // Without a Retry-After, waits are backoffMs, 2×, 4× … between attempts.
  backoffMs = 500;
  // Cap on one backoff wait. Retry-After is not capped here: the guard honours it in full (up to its bound).
  maxWaitMs = 30_000;
  timeoutMs = 20_000;

  constructor(overrides: Partial<RetryPolicy> = {}) {
    Object.assign(this, overrides);
  }
}

// The HTTP transport under every Zendesk call (node-zendesk's and our own typed reads).
export class ZendeskHttp {
  private readonly logger = new Logger('Zendesk');

  constructor(
    private readonly guard: RequestGuard,
    private readonly retry: RetryPolicy,
    private readonly priority: RequestPriority,
  ) {}

  // GET a JSON document with the account's API token.
  async getJson<T>(account: ZendeskAccount, url: string): Promise<T> {
    const response = await this.send(account, url, { method: 'GET', headers: { Authorization: basicAuth(account), Accept: 'application/json' } });
    return (await readJson(response)) as T;
  }

  // PUT a JSON document; the answer's JSON is returned whole.
  async putJson<T>(account: ZendeskAccount, url: string, body: unknown): Promise<T> {
    return this.sendJson<T>(account, 'PUT', url, body);
  }

  // POST a JSON document (creating a webhook or a trigger); the answer's JSON is returned whole.
  async postJson<T>(account: ZendeskAccount, url: string, body: unknown): Promise<T> {
    return this.sendJson<T>(account, 'POST', url, body);
  }

  private async sendJson<T>(account: ZendeskAccount, method: string, url: string, body: unknown): Promise<T> {
    const headers = { Authorization: basicAuth(account), Accept: 'application/json', 'Content-Type': 'application/json' };
    const response = await this.send(account, url, { method, headers, body: JSON.stringify(body) });
    return (await readJson(response)) as T;
  }

  // Every Zendesk request ends here: it takes from the account's shared budget (and respects its pause and
  // breaker) before going out, reports its answer, and turns failures into ZendeskError.
  // node-zendesk on its own resolves a response carrying Retry-After as an Error *result* and lets unlisted
  // statuses (502, 504 …) through as data, so nothing but a 2xx may leave this function.
  // Retrying writes is safe: ticket writes are safe updates, so a repeat of one that did land gets a 409, not a
  // duplicate; an article translation PUT sets the same title and body again.
  async send(account: ZendeskAccount, uri: string, init: ZendeskRequest): Promise<ZendeskResponse> {
    const { method = 'GET', headers, body } = init;
    const label = `${method} ${new URL(uri).pathname}`;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.attempts;
      const permit = await this.guard.acquire(account, this.priority);
      let response: ZendeskResponse;
      try {
        response = await metrics.timeZendeskRequest(method, uri, () => keepAliveRequest(uri, { method, headers, body }, this.retry.timeoutMs));
      } catch (error) {
        await this.settle(account, permit, { status: 'network', retryAfter: null });
        if (last) throw new ZendeskError(ZendeskErrorCode.Unavailable, `Zendesk ${label}: ${(error as Error).message}`);
        await this.wait(label, (error as Error).message, this.backoff(attempt));
        continue;
      }
      const retryAfter = response.headers.get('retry-after');
      await this.settle(account, permit, { status: response.status, retryAfter });
      if (response.ok) return response;
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || last) throw await toZendeskError(label, response);
      // A Retry-After is now the account's pause: the next acquire waits it out (or defers the job).
      if (retryAfter === null && response.status !== 429) await this.wait(label, `HTTP ${response.status}`, this.backoff(attempt));
    }
  }

  private async settle(account: ZendeskAccount, permit: Permit, answer: Answer): Promise<void> {
    // Bookkeeping must not turn Zendesk's answer into a database error.
    await this.guard.settle(account, permit, answer).catch((error) => this.logger.error(`Zendesk guard: ${(error as Error).message}`));
  }

  private backoff(attempt: number): number {
    return Math.min(this.retry.backoffMs * 2 ** (attempt - 1), this.retry.maxWaitMs);
  }

  private async wait(label: string, why: string, ms: number): Promise<void> {
    this.logger.warn(`Zendesk ${label}: ${why}; retrying in ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

// Zendesk's ids are JSON numbers, and some may pass 2^53: those are read as their exact digits.
// A 2xx that is not JSON (cut short, a proxy's HTML page) says where it came from, not only "Unexpected token",
// and nothing of the text (a ticket's words); unavailable, as an outage page is, so a webhook job tries again later.
export async function readJson(response: ZendeskResponse): Promise<unknown> {
  const text = await response.text();
  try {
    return parseJsonExact(text);
  } catch {
    const what = text.trimStart().startsWith('<') ? 'an HTML page' : text.trim() === '' ? 'empty' : 'cut short or malformed';
    throw new ZendeskError(ZendeskErrorCode.Unavailable, `Zendesk ${response.request}: HTTP ${response.status} but the answer is not JSON (${what})`, response.status);
  }
}

const basicAuth = (account: ZendeskAccount) => `Basic ${Buffer.from(`${account.email}/token:${account.apiToken}`).toString('base64')}`;

async function toZendeskError(label: string, response: ZendeskResponse): Promise<ZendeskError> {
  // Zendesk says `{ error, description }`, or `{ error: { title, message } }` on some endpoints, and the webhooks
  // API `{ errors: [{ code, title, detail }] }`; a 422 may add `details` naming each field's problem.
  const payload = (await response.json().catch(() => null)) as { error?: unknown; description?: unknown; errors?: unknown; details?: unknown } | null;
  const error = (payload?.error ?? (Array.isArray(payload?.errors) ? payload.errors[0] : undefined)) as { title?: unknown; message?: unknown; detail?: unknown } | string | undefined;
  const parts = error && typeof error === 'object' ? [error.title, error.message, error.detail] : [error, payload?.description, detailsText(payload?.details)];
  const detail = parts.filter((part) => typeof part === 'string').join(': ');
  const message = `Zendesk ${label}: HTTP ${response.status}${detail ? ` ${detail}` : ''}`;
  return new ZendeskError(codeFor(response.status), message, response.status);
}

// `{ field: [{ description }] }`, as a 422 from Zendesk names what it refused.
function detailsText(details: unknown): string | undefined {
  if (!details || typeof details !== 'object') return undefined;
  const lines = Object.values(details as Record<string, unknown>).flatMap((list) => (Array.isArray(list) ? list : []));
  const text = lines.map((line) => (line as { description?: unknown })?.description).filter((d) => typeof d === 'string');
  return text.length > 0 ? text.join('; ') : undefined;
}

function codeFor(status: number): ZendeskErrorCode {
  if (status === 404) return ZendeskErrorCode.TicketNotFound;
  if (status === 401 || status === 403) return ZendeskErrorCode.Unauthorized;
  if (status === 409) return ZendeskErrorCode.Conflict;
  if (status === 429 || status >= 500) return ZendeskErrorCode.Unavailable;
  return ZendeskErrorCode.Rejected;
}
