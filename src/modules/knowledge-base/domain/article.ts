import { createHash } from 'node:crypto';
import { convert } from 'html-to-text';

export interface ArticleInput {
  externalId: string;
  title: string;
  bodyHtml: string;
  url: string;
  locale: string;
}

export interface ArticleChunk {
  ordinal: number;
  content: string;
}

const CHUNK_WORDS = 180;

// Scripts, styles and embeds are dropped, links keep only their text: chunks are read by people and models.
export function articleText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'iframe', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
    ],
  })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// Paragraph-aligned chunks of about CHUNK_WORDS words, each led by the article title so it stands alone.
export function chunkArticle(title: string, text: string): ArticleChunk[] {
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const chunks: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const paragraph of paragraphs.flatMap(splitLongParagraph)) {
    const size = paragraph.split(' ').length;
    if (words > 0 && words + size > CHUNK_WORDS) {
      chunks.push(current.join('\n\n'));
      current = [];
      words = 0;
    }
    current.push(paragraph);
    words += size;
  }
  if (current.length > 0) chunks.push(current.join('\n\n'));
  if (chunks.length === 0) chunks.push('');
  return chunks.map((content, ordinal) => ({ ordinal, content: `${title}\n\n${content}`.trim() }));
}

function splitLongParagraph(paragraph: string): string[] {
  const words = paragraph.split(' ');
  if (words.length <= CHUNK_WORDS) return [paragraph];
  const parts: string[] = [];
  for (let i = 0; i < words.length; i += CHUNK_WORDS) parts.push(words.slice(i, i + CHUNK_WORDS).join(' '));
  return parts;
}

export function articleContentHash(article: ArticleInput, embeddingModel: string): string {
  return createHash('sha256')
    .update(JSON.stringify([embeddingModel, article.title, article.bodyHtml, article.url]))
    .digest('hex');
}
