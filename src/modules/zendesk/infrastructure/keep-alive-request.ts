import { Agent as HttpAgent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// What a Zendesk request sends: node-zendesk hands over a plain header object and a JSON string body.
export interface ZendeskRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

// A Zendesk answer, read whole: the part of fetch's Response our transport and node-zendesk use.
export class ZendeskResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly status: number,
    readonly statusText: string,
    headers: IncomingHttpHeaders,
    private readonly body: Buffer,
    // "GET /api/v2/tickets/1.json": what was asked, for an error about the answer.
    readonly request: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = { get: (name) => headerValue(headers[name.toLowerCase()]) };
  }

  async text(): Promise<string> {
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString('utf8'));
  }
}

// One keep-alive agent a scheme for every account. undici's fetch cost ~0.5 ms of CPU a request on the drain
// (its web streams, Headers and Response objects); node:http's agent does the same work for a fraction.
// An idle connection is closed after 4 s (undici's default), sooner if the server's Keep-Alive says so: one the
// server closed first would fail the next request on it, and count against the account's breaker.
const AGENT = { keepAlive: true, timeout: 4_000 };
const httpAgent = new HttpAgent(AGENT);
const httpsAgent = new HttpsAgent(AGENT);

// Sends one request and reads its whole answer; the timeout covers both, as fetch's AbortSignal.timeout did.
export function keepAliveRequest(uri: string, init: ZendeskRequest, timeoutMs: number): Promise<ZendeskResponse> {
  const url = new URL(uri);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new TypeError(`Unsupported protocol ${url.protocol}`));
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(init.body));
  return new Promise((resolve, reject) => {
    const request = send(url, { method: init.method ?? 'GET', headers, agent: secure ? httpsAgent : httpAgent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        clearTimeout(timer);
        resolve(new ZendeskResponse(response.statusCode ?? 0, response.statusMessage ?? '', response.headers, Buffer.concat(chunks), `${init.method ?? 'GET'} ${url.pathname}`));
      });
    });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(error);
    }
    request.on('error', fail);
    request.end(init.body);
  });
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
