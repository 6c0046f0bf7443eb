import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { DraftWriter } from '../application/ports/draft-writer';
import { Draft, DraftRequest } from '../domain/draft';
import { LlmError, LlmErrorCode } from '../domain/llm.error';
import { callingLlm } from './langchain-errors';
import { OpenAiSettings } from './openai-settings';

const draftSchema = z.object({
  reply: z.string().describe('The reply as the customer would read it: greeting, answer, sign-off. Plain text, paragraphs separated by blank lines.'),
  citedArticleIds: z.array(z.string()).describe('Ids of the articles the answer relies on.'),
  fullySourced: z.boolean().describe('True only if the articles fully answer the customer; false if anything had to be guessed.'),
});

const SYSTEM_PROMPT = `You draft replies for a customer support agent, who reviews and sends them.
Answer only from the help-center articles given; never invent policies, prices, links or steps.
If the articles do not answer the question, write a short holding reply and set fullySourced to false.
Write as the support team, in the customer's language, plainly, without internal jargon or mentions of articles or AI.
Start with a greeting using the customer's first name when known, and end with the sign-off given.`;

// Any OpenAI-compatible chat endpoint, with structured output through tool calling (widest server support).
export class LangchainDraftWriter extends DraftWriter {
  private readonly chat;

  constructor(settings: OpenAiSettings) {
    super();
    const model = new ChatOpenAI({
      apiKey: settings.apiKey,
      model: settings.chatModel,
      temperature: 0.2,
      maxRetries: settings.maxRetries,
      timeout: settings.timeoutMs,
      configuration: { baseURL: settings.baseUrl },
    });
    // includeRaw: unparseable output comes back as `parsed: null` instead of an error indistinguishable from an outage.
    this.chat = model.withStructuredOutput(draftSchema, { name: 'draft_reply', method: 'functionCalling', includeRaw: true });
  }

  async write(request: DraftRequest): Promise<Draft> {
    const { parsed: output } = await callingLlm('draft', () =>
      this.chat.invoke([
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: userPrompt(request) },
      ]),
    );
    if (!output) throw new LlmError(LlmErrorCode.InvalidOutput, 'LLM draft: the model did not return the draft structure');
    // Only ids we actually gave count as citations; a draft citing nothing real is not sourced.
    const known = new Set(request.passages.map((p) => p.articleId));
    const citedArticleIds = [...new Set(output.citedArticleIds)].filter((id) => known.has(id));
    return { reply: output.reply.trim(), citedArticleIds, sourced: output.fullySourced && citedArticleIds.length > 0 };
  }
}

function userPrompt(request: DraftRequest): string {
  const articles = request.passages
    .map((p) => `<article id="${p.articleId}" title="${p.title.replace(/"/g, "'")}">\n${p.content}\n</article>`)
    .join('\n');
  return [
    `Customer name: ${request.customerName ?? 'unknown'}`,
    `Sign-off: ${request.signOff}`,
    `Ticket subject: ${request.subject}`,
    `Customer messages, latest first:\n${request.question}`,
    `Help-center articles:\n${articles || '(none found)'}`,
  ].join('\n\n');
}
