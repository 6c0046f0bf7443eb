export interface NoteSource {
  title: string;
  url: string;
  // Restricted or internal articles ground the draft but must not reach the customer word for word.
  internal?: boolean;
}

export interface InternalNoteContent {
  reply: string;
  sources: NoteSource[];
  trainingUrl: string;
}

// The note a rep reads in Zendesk. Everything that came from a customer, an article or a model is escaped.
export function renderInternalNote({ reply, sources, trainingUrl }: InternalNoteContent): string {
  const paragraphs = reply
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const sourceList = sources.length
    ? `<p><strong>Sources</strong></p>\n<ul>\n${sources
        .map((source) => {
          const link = `<a href="${escapeHtml(safeUrl(source.url))}">${escapeHtml(source.title)}</a>`;
          return `<li>${link}${source.internal ? ' <strong>(internal source — do not paste verbatim)</strong>' : ''}</li>`;
        })
        .join('\n')}\n</ul>`
    : '<p><strong>Sources</strong>: none found in the knowledge base. Check this draft before sending.</p>';
  return [
    '<p><strong>Suggested reply</strong> (draft for the agent):</p>',
    `<blockquote>\n${paragraphs}\n</blockquote>`,
    sourceList,
    `<p><a href="${escapeHtml(trainingUrl)}">Train this answer</a>: fix the source article or topic if this draft is off.</p>`,
    '<p><em>Written by AI (OpenCX Assist). Internal note: visible to agents only, never to the customer.</em></p>',
  ].join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// Article URLs come from the help center, but a javascript: link must never reach a rep's browser.
function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}
