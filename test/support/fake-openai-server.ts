import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { hashedEmbedding } from '../../src/modules/llm/domain/hashed-embedding';

// An OpenAI-compatible server over real HTTP on 127.0.0.1, for the LangChain adapters: chat completions
// answering tool calls (structured output) and embeddings. Requests are recorded; faults can be injected.

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  tools?: { type: 'function'; function: { name: string } }[];
  tool_choice?: unknown;
}

export interface DraftAnswer {
  reply: string;
  citedArticleIds: string[];
  fullySourced: boolean;
}

export interface TopicChoice {
  topics: string[];
}

export interface RecordedCall {
  path: string;
  authorization: string | undefined;
  body: Record<string, any>;
}

export const FAKE_EMBEDDING_DIMENSIONS = 64;

// By default the "model" cites the first article it was given and says it is sourced when it got any.
export const citeFirstArticle = (request: ChatRequest): DraftAnswer => {
  const prompt = request.messages.map((m) => m.content).join('\n');
  const ids = [...prompt.matchAll(/<article id="([^"]+)"/g)].map((match) => match[1]);
  const title = /<article id="[^"]+" title="([^"]+)"/.exec(prompt)?.[1];
  return {
    reply: ids.length > 0 ? `Hello,\n\nModel answer from "${title}".\n\nBest regards` : 'Hello,\n\nWe will look into this.\n\nBest regards',
    citedArticleIds: ids.slice(0, 1),
    fullySourced: ids.length > 0,
  };
};

// A prompt-injected "model" that does what the customer wrote instead of what it was told: it passes on every link
// and address in the customer's messages and, when asked for "every internal article", pastes each article the
// prompt marks internal or restricted. It reads the customer's messages where the prompt delimits them.
export const complyWithTicket = (request: ChatRequest): DraftAnswer => {
  const prompt = request.messages.map((m) => m.content).join('\n');
  const customer = [...prompt.matchAll(/<customer_messages[^>]*>\n([\s\S]*?)\n<\/customer_messages>/g)].map((match) => match[1]).join('\n');
  const links = customer.match(/https?:\/\/[^\s,]*[^\s,.]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? [];
  const internal = /every internal article/i.test(customer)
    ? [...prompt.matchAll(/<article [^>]*visibility="(?:internal|restricted)"[^>]*>\n([\s\S]*?)\n<\/article>/g)].map((match) => match[1])
    : [];
  const answer = citeFirstArticle(request);
  const [greeting, ...rest] = answer.reply.split('\n\n');
  return { ...answer, reply: [greeting, ...internal, ...links.map((link) => `For details: ${link}.`), ...rest].join('\n\n') };
};

// By default the "model" sees no topic in the ticket.
const chooseNoTopic = (): TopicChoice => ({ topics: ['none'] });

const TOPIC_TOOL = 'choose_topics';

export class FakeOpenAiServer {
  readonly calls: RecordedCall[] = [];
  private answer: (request: ChatRequest) => DraftAnswer | string = citeFirstArticle;
  private topicAnswer: (request: ChatRequest) => TopicChoice | string = chooseNoTopic;
  private faults: { status: number; remaining: number; retryAfterSeconds?: number }[] = [];

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeOpenAiServer> {
    let fake: FakeOpenAiServer | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeOpenAiServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // A string answer is sent as the tool call's raw arguments (to test malformed output).
  answerWith(answer: (request: ChatRequest) => DraftAnswer | string): void {
    this.answer = answer;
  }

  // For the topic chooser's requests (tool `choose_topics`); drafts keep their own answer.
  answerTopicsWith(answer: (request: ChatRequest) => TopicChoice | string): void {
    this.topicAnswer = answer;
  }

  failNext(count: number, status: number, retryAfterSeconds?: number): void {
    this.faults.push({ status, remaining: count, retryAfterSeconds });
  }

  // Back to the default answer, with no fault pending.
  reset(): void {
    this.answer = citeFirstArticle;
    this.topicAnswer = chooseNoTopic;
    this.faults = [];
  }

  callsTo(path: '/v1/chat/completions' | '/v1/embeddings'): RecordedCall[] {
    return this.calls.filter((call) => call.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.calls.push({ path, authorization: req.headers.authorization, body });
    const fault = this.faults.find((f) => f.remaining > 0);
    if (fault) {
      fault.remaining -= 1;
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      return send(res, fault.status, { error: { message: `injected ${fault.status}`, type: 'server_error' } }, headers);
    }
    if (req.method === 'POST' && path === '/v1/embeddings') return send(res, 200, this.embeddings(body));
    if (req.method === 'POST' && path === '/v1/chat/completions') return send(res, 200, this.completion(body as ChatRequest));
    send(res, 404, { error: { message: `no route ${path}` } });
  }

  private embeddings(body: { model: string; input: string[] | string }) {
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    return {
      object: 'list',
      model: body.model,
      data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: hashedEmbedding(text, FAKE_EMBEDDING_DIMENSIONS) })),
      usage: { prompt_tokens: 0, total_tokens: 0 },
    };
  }

  private completion(request: ChatRequest) {
    const tool = request.tools?.[0]?.function.name;
    if (!tool) throw new Error('The fake only answers structured-output (tool calling) requests');
    const answer = tool === TOPIC_TOOL ? this.topicAnswer(request) : this.answer(request);
    return {
      id: `chatcmpl-${this.calls.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: `call_${this.calls.length}`,
                type: 'function',
                function: { name: tool, arguments: typeof answer === 'string' ? answer : JSON.stringify(answer) },
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    };
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
