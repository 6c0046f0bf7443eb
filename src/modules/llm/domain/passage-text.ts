import { Passage } from './draft';
import { contentTerms } from './text-terms';

// A passage's body as a rep could quote it: whole sentences and lists, without the page's furniture.
export type TextUnit =
  | { kind: 'sentence'; text: string; terms: string[]; position: number }
  // A list with the sentence that introduces it ("To export your data:"), if the passage has one.
  | { kind: 'list'; intro: string | null; items: string[]; ordered: boolean; terms: string[]; position: number };

export type SentenceUnit = Extract<TextUnit, { kind: 'sentence' }>;
export type ListUnit = Extract<TextUnit, { kind: 'list' }>;

// Longer "sentences" are tables or lists that lost their structure ("Abnormality of the helix 90% …").
const MAX_SENTENCE_WORDS = 60;
const MIN_SENTENCE_WORDS = 3;

// [8], [8, 9], [8–10], [citation needed], [edit]: reference and wiki markers, never part of a sentence.
const CITATION_MARKER = /\s*\[(?:\d+(?:\s*[,–-]\s*\d+)*|citation needed|edit|note \d+)\]/gi;

const MARKDOWN_LINK = /\[([^\]]+)\]\((?:https?:\/\/|\/)[^)\s]*\)/g;

// Page furniture that reads like a sentence; short lines without a full stop are dropped as headings anyway.
const BOILERPLATE = [
  /^skip to (main )?content/i,
  /^(back|return) to top/i,
  /^(was )?this (page|article|information) (was )?helpful/i,
  /^(page )?last (updated|reviewed|modified)\b/i,
  /all rights reserved/i,
  /^copyright\b|^©/i,
  /official websites? use \.gov|secure \.gov websites use https|here['’]s how you know|an official website of the/i,
  /\b(enable|turn on) javascript\b/i,
  /\bwe use cookies\b/i,
];

// Intl.Segmenter ends a sentence after any abbreviation's full stop ("Dr.", "e.g."); these are joined again.
const ABBREVIATION = /\b(?:dr|mr|mrs|ms|st|vs|etc|approx|no|fig|e\.g|i\.e|u\.s|inc|ltd|jr|sr)\.\s*$/i;

const LIST_ITEM = /^\s*(?:(?:[*•·▪–-]\s+)+|(\d{1,2})[.)]\s+)(.*)$/;
// Plain-text lists run inside a paragraph: "Features may include the following: - Eyes are … - Ears are …".
const INLINE_ITEM = /(?<=[:.!?])\s+[-•*]\s+(?=["“(]?[\p{Lu}\p{N}])/u;

const INLINE_NEXT_ITEM = /\s+[-•*]\s+(?=["“(]?[\p{Lu}\p{N}])/u;

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// A passage's sentences and lists. Articles are chunked with their title (and section heading) first; a passage
// without that lead is the team's own answer (a training answer), written as a reply: there a line without a
// full stop is a sentence missing one, not a heading.
export function passageUnits(passage: Pick<Passage, 'title' | 'section' | 'content'>): TextUnit[] {
  const leads = [passage.section ? `${passage.title} — ${passage.section}` : null, passage.title].filter((lead): lead is string => lead !== null);
  const lead = leads.find((candidate) => passage.content.startsWith(`${candidate}\n`));
  if (!lead) return textUnits(passage.content.split('\n').map(withStop).join('\n'));
  const body = passage.content.slice(lead.length);
  // A "heading" that is a whole sentence is the section's first line of text, and stays.
  return textUnits(lead !== passage.title && isQuotable(clean(passage.section!)) ? `${passage.section}\n${body}` : body);
}

const withStop = (line: string) => (line.trim() && !/[.!?:,;]["”)]?\s*$/.test(line) && !LIST_ITEM.test(line) ? `${line.trimEnd()}.` : line);

// Sentences and lists in reading order. A sentence cut by chunking (starting or ending mid-sentence), a
// heading, a question (an FAQ's heading, or the article asking what the customer asked) and furniture are left out.
export function textUnits(body: string): TextUnit[] {
  const units: TextUnit[] = [];
  let list: ListUnit | null = null;
  // The sentence ending the paragraph just read: it introduces a list that follows it ("Follow these steps:").
  let intro: SentenceUnit | null = null;
  const openList = (ordered: boolean): ListUnit => {
    if (intro && units.at(-1) === intro) units.pop();
    const opened: ListUnit = { kind: 'list', intro: intro?.text ?? null, items: [], ordered, terms: [], position: intro?.position ?? units.length };
    units.push(opened);
    intro = null;
    return opened;
  };
  for (const line of body.split(/\n+/)) {
    const [lead, ...rest] = clean(line).split(INLINE_ITEM);
    // Once a list has started, a dash between words separates its items ("- Eating healthy foods - Exercising").
    const inlineItems = rest.flatMap((item) => item.split(INLINE_NEXT_ITEM));
    if (!lead) continue;
    const item = LIST_ITEM.exec(lead);
    if (item) {
      const ordered = item[1] !== undefined;
      if (!list || list.ordered !== ordered) list = openList(ordered);
      list.items.push(...[item[2], ...inlineItems].map(listItemText).filter((text): text is string => text !== null));
      continue;
    }
    list = null;
    intro = null;
    const segments = segmentsOf(lead);
    for (const text of segments.filter(isQuotable)) units.push((intro = { kind: 'sentence', text, terms: contentTerms(text), position: units.length }));
    // Only the paragraph's last sentence may introduce a list; one left out leaves none.
    if (!isQuotable(segments.at(-1) ?? '')) intro = null;
    if (inlineItems.length > 0) {
      // The paragraph ends with its list: a list item on the next line starts a list of its own.
      openList(false).items.push(...inlineItems.map(listItemText).filter((text): text is string => text !== null));
    }
  }
  return units
    .map((unit) => (unit.kind === 'list' ? { ...unit, terms: contentTerms([unit.intro ?? '', ...unit.items].join('\n')) } : unit))
    // A single item is a line of text (often an FAQ's question), not a list.
    .flatMap((unit): TextUnit[] => (unit.kind === 'list' && unit.items.length === 1 ? soleItem(unit) : [unit]))
    // An introduction whose list did not come with the passage promises what the reply would not hold.
    .filter((unit) => (unit.kind === 'list' ? unit.items.length > 0 : !unit.text.endsWith(':')))
    .map((unit, position) => ({ ...unit, position }));
}

function segmentsOf(paragraph: string): string[] {
  const sentences: string[] = [];
  for (const { segment } of segmenter.segment(paragraph)) {
    const text = segment.trim();
    if (!text) continue;
    if (sentences.length > 0 && ABBREVIATION.test(sentences[sentences.length - 1])) sentences[sentences.length - 1] += ` ${text}`;
    else sentences.push(text);
  }
  return sentences;
}

function soleItem(list: ListUnit): SentenceUnit[] {
  return [list.intro, list.items[0]].filter((text): text is string => text !== null && isQuotable(text)).map((text) => ({ kind: 'sentence', text, terms: contentTerms(text), position: list.position }));
}

// A whole sentence: starts with a capital or a digit, ends with a full stop, a question or exclamation mark or a
// colon, and carries no citation marker.
export function isWholeSentence(text: string): boolean {
  return /^["“(]?[\p{Lu}\p{N}]/u.test(text) && /[.!?:]["”)]?$/.test(text) && !/\[(\d|citation needed)/i.test(text);
}

// A question is an FAQ's heading, or the article asking what the customer asked; an unbalanced parenthesis is
// a sentence cut where a chunk began or ended ("GlucaGen Diagnostic Kit). Glucagon is …").
function isQuotable(text: string): boolean {
  const size = wordCount(text);
  return (
    isWholeSentence(text) &&
    !/\?["”)]?$/.test(text) &&
    size >= MIN_SENTENCE_WORDS &&
    size <= MAX_SENTENCE_WORDS &&
    count(text, '(') === count(text, ')') &&
    !BOILERPLATE.some((pattern) => pattern.test(text))
  );
}

const count = (text: string, character: string) => text.split(character).length - 1;

// A list item is kept as written, given a capital and a full stop when it has none ("click Export" → "Click Export.").
function listItemText(raw: string): string | null {
  const text = raw.trim();
  if (!text || wordCount(text) > MAX_SENTENCE_WORDS || BOILERPLATE.some((pattern) => pattern.test(text))) return null;
  const capitalised = text[0].toLocaleUpperCase() + text.slice(1);
  return /[.!?:]["”)]?$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

// Markdown links keep their text, as html-to-text does with HTML ones.
const clean = (line: string) =>
  line
    .replace(MARKDOWN_LINK, '$1')
    .replace(CITATION_MARKER, '')
    .replace(/\s+/g, ' ')
    .trim();

export const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;
