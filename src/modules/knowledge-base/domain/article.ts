import { createHash } from 'node:crypto';
import { compile } from 'html-to-text';

export type ArticleVisibility = 'public' | 'restricted' | 'internal';

// Where a knowledge-base article comes from: uploaded through the admin API, synced from the Help Center, or one
// of the account's macros (synced too, see docs/macros.md).
export type KnowledgeSource = 'api' | 'help_center' | 'macro';

export interface ArticleInput {
  externalId: string;
  title: string;
  bodyHtml: string;
  url: string;
  locale: string;
  // Help-center metadata, when the article came from a Zendesk Guide sync.
  brandId?: string | null;
  sectionName?: string | null;
  categoryName?: string | null;
  // Restricted (a user segment) and internal (agents only) articles ground drafts but are not quoted verbatim.
  visibility?: ArticleVisibility;
  sourceUpdatedAt?: string | null;
  // Absent: 'help_center' when it has a brand (a Guide sync), else 'api'.
  source?: KnowledgeSource;
}

export const knowledgeSourceOf = (article: ArticleInput): KnowledgeSource => article.source ?? (article.brandId === undefined ? 'api' : 'help_center');

export interface ArticleChunk {
  ordinal: number;
  heading: string | null;
  // Title (and heading) first, so a chunk stands alone for embeddings, full-text ranking and drafts.
  content: string;
  contentHash: string;
}

// Bodies longer than this (HTML characters) are cut before chunking.
export const MAX_BODY_HTML_CHARS = 1_000_000;

// Sized for retrieval: long enough to hold an answer, short enough that one topic dominates the vector.
const CHUNK_WORDS = 180;

// Scripts, styles and embeds are dropped, links keep only their text, tables become lines of text.
// Compiled once: building html-to-text's options costs more than converting a typical section.
const toText = compile({
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'iframe', format: 'skip' },
      { selector: 'object', format: 'skip' },
      { selector: 'embed', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
});

export function articleText(html: string): string {
  return toText(html).replace(/\n{3,}/g, '\n\n').trim();
}

interface ArticleSection {
  heading: string | null;
  text: string;
}

// The article's own structure: a section per heading (h1–h4), its text flattened.
export function articleSections(html: string): ArticleSection[] {
  const parts = html.split(/(<h[1-4]\b[^>]*>[\s\S]*?<\/h[1-4]\s*>)/i);
  const sections: ArticleSection[] = [];
  let heading: string | null = null;
  // split() puts the captured headings at odd indexes; an unclosed heading is left in the text.
  for (const [index, part] of parts.entries()) {
    if (index % 2 === 1) {
      heading = articleText(part).replace(/\s+/g, ' ') || null;
      continue;
    }
    const text = articleText(part);
    if (text) sections.push({ heading, text });
    else if (heading && sections.at(-1)?.heading !== heading) sections.push({ heading, text: '' });
  }
  return sections.filter((section) => section.text);
}

// Chunks follow headings and paragraphs; a section longer than CHUNK_WORDS is split on paragraph (then word)
// boundaries; every chunk repeats the article title and its section heading. No text, no chunk.
export function chunkArticle(title: string, html: string): ArticleChunk[] {
  const chunks: ArticleChunk[] = [];
  for (const section of articleSections(html)) {
    for (const body of packParagraphs(section.text)) {
      const lead = section.heading && section.heading !== title ? `${title} — ${section.heading}` : title;
      const content = `${lead}\n\n${body}`;
      chunks.push({ ordinal: chunks.length, heading: section.heading, content, contentHash: sha256(content) });
    }
  }
  return chunks;
}

function packParagraphs(text: string): string[] {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .flatMap(splitLongParagraph);
  const packed: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const paragraph of paragraphs) {
    const size = wordCount(paragraph);
    if (words > 0 && words + size > CHUNK_WORDS) {
      packed.push(current.join('\n\n'));
      current = [];
      words = 0;
    }
    current.push(paragraph);
    words += size;
  }
  if (current.length > 0) packed.push(current.join('\n\n'));
  return packed;
}

function splitLongParagraph(paragraph: string): string[] {
  const words = paragraph.split(/\s+/);
  if (words.length <= CHUNK_WORDS) return [paragraph];
  const parts: string[] = [];
  for (let i = 0; i < words.length; i += CHUNK_WORDS) parts.push(words.slice(i, i + CHUNK_WORDS).join(' '));
  return parts;
}

const wordCount = (text: string) => text.split(/\s+/).length;

// Changes with anything that changes the stored article or its vectors: content, metadata, embedding model.
export function articleContentHash(article: ArticleInput, embeddingModel: string): string {
  return sha256(
    JSON.stringify([
      embeddingModel,
      article.title,
      article.bodyHtml,
      article.url,
      article.sectionName ?? null,
      article.categoryName ?? null,
      article.visibility ?? 'public',
      article.brandId ?? null,
    ]),
  );
}

// PostgreSQL's text-search configuration for a help-center locale; `simple` (no stemming) when it has none.
const TEXT_SEARCH_CONFIGS: Record<string, string> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

// A locale's language, its first subtag: Zendesk's "pt-br" and a user's "pt-BR" are both "pt".
export const languageOf = (locale: string) => locale.toLowerCase().split(/[-_]/)[0];

export function textSearchConfigFor(locale: string): { config: string; known: boolean } {
  const config = TEXT_SEARCH_CONFIGS[languageOf(locale)];
  return config ? { config, known: true } : { config: 'simple', known: false };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
