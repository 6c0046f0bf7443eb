import { createHash } from 'node:crypto';
import { AuditChanges } from '../../organizations/domain/admin-audit';
import { articleText, MAX_BODY_HTML_CHARS } from './article';

// Zendesk Guide's limit on an article title.
export const MAX_ARTICLE_TITLE_CHARS = 255;

export interface ArticleFix {
  title: string;
  bodyHtml: string;
}

// Why a fix cannot be published, or null. A body without text would be skipped by the knowledge base
// (`empty_body`), and one over its limit cut: neither is worth publishing to customers.
export function articleFixProblem(fix: ArticleFix): string | null {
  if (fix.title.trim() === '') return 'The title is empty';
  if (fix.title.length > MAX_ARTICLE_TITLE_CHARS) return `The title is longer than ${MAX_ARTICLE_TITLE_CHARS} characters`;
  if (fix.bodyHtml.length > MAX_BODY_HTML_CHARS) return `The body is longer than ${MAX_BODY_HTML_CHARS} characters`;
  if (articleText(fix.bodyHtml) === '') return 'The body has no text';
  return null;
}

// Where an agent edits the article in Guide: Knowledge admin on the help center's host (the origin of the
// article's html_url, which is the brand's), e.g. https://acme.zendesk.com/knowledge/articles/123/en-us.
export function guideEditorUrl(htmlUrl: string, externalId: string, locale: string): string | null {
  try {
    return `${new URL(htmlUrl).origin}/knowledge/articles/${encodeURIComponent(externalId)}/${encodeURIComponent(locale)}`;
  } catch {
    return null;
  }
}

interface PublishedArticle {
  id: string;
  externalId: string;
  locale: string;
  title: string;
  bodyHtml: string;
}

// The audit entry of a published fix: which article, old → new title, and the body only as its length and hash
// (bodies are long, and the log is no place for content).
export function articleFixChanges(before: PublishedArticle, fix: ArticleFix): AuditChanges {
  const { id, externalId, locale } = before;
  const summary = (title: string, bodyHtml: string) => ({ id, externalId, locale, title, body: { length: bodyHtml.length, sha256: sha256(bodyHtml) } });
  return { article: { from: summary(before.title, before.bodyHtml), to: summary(fix.title, fix.bodyHtml) } };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
