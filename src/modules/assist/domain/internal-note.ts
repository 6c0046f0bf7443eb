import { PassageOrigin } from '../../llm/domain/draft';
import { NoteLanguage } from '../../organizations/domain/organization';

export interface NoteSource {
  title: string;
  // Empty for a source without a page of its own (a training answer): shown as plain text.
  url: string;
  // Restricted or internal articles ground the draft but must not reach the customer word for word.
  internal?: boolean;
  // A macro is cited as "Macro: <title>"; absent: an article.
  origin?: PassageOrigin;
}

export interface InternalNoteContent {
  reply: string;
  sources: NoteSource[];
  trainingUrl: string;
  // The language of the note's own words, for the agents; the reply is in the customer's.
  language?: NoteLanguage;
  // A macro that fits the ticket well (a calibrated score): named at the top, for the rep to apply in one click.
  // The note never applies it.
  suggestedMacro?: string | null;
}

interface NoteWords {
  heading: string;
  sources: string;
  noSources: string;
  internal: string;
  train: string;
  trainHint: string;
  disclaimer: string;
  macro: string;
  suggestedMacro: string;
}

const WORDS: Record<NoteLanguage, NoteWords> = {
  en: {
    heading: '<strong>Suggested reply</strong> (draft for the agent):',
    sources: 'Sources',
    noSources: ': none found in the knowledge base. Check this draft before sending.',
    internal: 'internal source — do not paste verbatim',
    train: 'Train this answer',
    trainHint: ': rate it, correct the answer, or fix the source article or topic.',
    disclaimer: 'Written by AI (OpenCX Assist). Internal note: visible to agents only, never to the customer.',
    macro: 'Macro',
    suggestedMacro: 'Suggested macro',
  },
  de: {
    heading: '<strong>Antwortvorschlag</strong> (Entwurf für den Agenten):',
    sources: 'Quellen',
    noSources: ': keine in der Wissensdatenbank gefunden. Prüfen Sie diesen Entwurf vor dem Senden.',
    internal: 'interne Quelle – nicht wörtlich einfügen',
    train: 'Diese Antwort trainieren',
    trainHint: ': bewerten Sie ihn, korrigieren Sie die Antwort, den Quellartikel oder das Thema.',
    disclaimer: 'Von KI verfasst (OpenCX Assist). Interne Notiz: nur für Agenten sichtbar, nie für den Kunden.',
    macro: 'Makro',
    suggestedMacro: 'Vorgeschlagenes Makro',
  },
  fr: {
    heading: '<strong>Réponse suggérée</strong> (brouillon pour l’agent) :',
    sources: 'Sources',
    noSources: ' : aucune trouvée dans la base de connaissances. Vérifiez ce brouillon avant de l’envoyer.',
    internal: 'source interne — ne pas coller telle quelle',
    train: 'Entraîner cette réponse',
    trainHint: ' : notez-le, corrigez la réponse, l’article source ou le sujet.',
    disclaimer: 'Rédigé par IA (OpenCX Assist). Note interne : visible uniquement par les agents, jamais par le client.',
    macro: 'Macro',
    suggestedMacro: 'Macro suggérée',
  },
  es: {
    heading: '<strong>Respuesta sugerida</strong> (borrador para el agente):',
    sources: 'Fuentes',
    noSources: ': no se encontró ninguna en la base de conocimiento. Revise este borrador antes de enviarlo.',
    internal: 'fuente interna: no pegar literalmente',
    train: 'Entrenar esta respuesta',
    trainHint: ': califíquelo, corrija la respuesta, el artículo fuente o el tema.',
    disclaimer: 'Escrito por IA (OpenCX Assist). Nota interna: visible solo para los agentes, nunca para el cliente.',
    macro: 'Macro',
    suggestedMacro: 'Macro sugerida',
  },
};

// The note a rep reads in Zendesk. Everything that came from a customer, an article or a model is escaped.
export function renderInternalNote({ reply, sources, trainingUrl, language = 'en', suggestedMacro }: InternalNoteContent): string {
  const words = WORDS[language];
  const paragraphs = reply
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const sourceList = sources.length
    ? `<p><strong>${words.sources}</strong></p>\n<ul>\n${sources
        .map((source) => {
          const title = source.origin === 'macro' ? `${words.macro}: ${source.title}` : source.title;
          const link = source.url ? `<a href="${escapeHtml(safeUrl(source.url))}">${escapeHtml(title)}</a>` : escapeHtml(title);
          return `<li>${link}${source.internal ? ` <strong>(${words.internal})</strong>` : ''}</li>`;
        })
        .join('\n')}\n</ul>`
    : `<p><strong>${words.sources}</strong>${words.noSources}</p>`;
  return [
    ...(suggestedMacro ? [`<p><strong>${words.suggestedMacro}:</strong> ${escapeHtml(suggestedMacro)}</p>`] : []),
    `<p>${words.heading}</p>`,
    `<blockquote>\n${paragraphs}\n</blockquote>`,
    sourceList,
    `<p><a href="${escapeHtml(trainingUrl)}">${words.train}</a>${words.trainHint}</p>`,
    `<p><em>${words.disclaimer}</em></p>`,
  ].join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// Article URLs come from the help center, but a javascript: link must never reach a rep's browser.
function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}
