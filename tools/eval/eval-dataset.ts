import { readFileSync, writeFileSync } from 'node:fs';
import { escapeHtml } from '../../src/modules/assist/domain/internal-note';
import { ArticleInput } from '../../src/modules/knowledge-base/domain/article';
import { TicketComment, TicketSnapshot } from '../../src/modules/zendesk/domain/ticket';

// A dataset folder: articles.jsonl {id, title, body, url, section} and tickets.jsonl {id, subject, body, …}.
export interface DatasetArticle {
  id: string;
  title: string;
  body: string;
  url: string | null;
  section?: string;
}

export interface DatasetTicket {
  id: string;
  subject: string;
  // The latest customer comment.
  body: string;
  // The earlier turns of the conversation, oldest first.
  history?: { role: 'customer' | 'agent'; text: string }[];
  answerable: boolean;
  gold_article_ids?: string[];
  reference_answer?: string | null;
  // An assessor's rewording of the same question.
  nist_paraphrase?: string;
}

export interface Prediction {
  ticket_id: string;
  ranked_article_ids: string[];
  abstain: boolean;
  reply?: string;
  cited_article_ids?: string[];
}

const REQUESTER_ID = 'requester';
const AGENT_ID = 'agent';
const OPENED_AT = Date.UTC(2026, 0, 1);

// The ticket as Zendesk would hand it to the pipeline: the history's turns as earlier public comments by the
// requester and an agent, then the body as the requester's latest comment.
export function ticketSnapshot(ticket: Pick<DatasetTicket, 'id' | 'subject' | 'body' | 'history'>): TicketSnapshot {
  const turns = [...(ticket.history ?? []), { role: 'customer' as const, text: ticket.body }];
  const comments = turns.map(
    (turn, i): TicketComment => ({
      id: String(i + 1),
      authorId: turn.role === 'customer' ? REQUESTER_ID : AGENT_ID,
      authorRole: turn.role === 'customer' ? 'end-user' : 'agent',
      authorName: null,
      public: true,
      body: turn.text,
      htmlBody: `<p>${escapeHtml(turn.text)}</p>`,
      createdAt: new Date(OPENED_AT + i * 60_000).toISOString(),
    }),
  );
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: 'open',
    tags: [],
    updatedAt: comments.at(-1)!.createdAt,
    requesterId: REQUESTER_ID,
    requesterLocale: null,
    comments,
  };
}

// The dataset's plain-text sections ("Heading\ntext…" separated by blank lines) become the HTML a help center holds.
export function toArticleInput(article: DatasetArticle): ArticleInput {
  const html = article.body
    .split(/\n\s*\n/)
    .map((section) => {
      const [heading, ...rest] = section.trim().split('\n');
      return rest.length > 0 ? `<h2>${escapeHtml(heading)}</h2><p>${escapeHtml(rest.join(' '))}</p>` : `<p>${escapeHtml(heading)}</p>`;
    })
    .join('\n');
  return { externalId: article.id, title: article.title, bodyHtml: html, url: article.url ?? '', locale: 'en-us' };
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export function writeJsonl(file: string, rows: unknown[]): void {
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
}
