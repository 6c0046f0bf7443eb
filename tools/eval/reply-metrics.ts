import { wordMultisetF1 } from '../../src/modules/assist/domain/reply-acceptance';

// How a drafted reply reads, whichever writer drafted it: token F1 against a reference answer (computed as
// ../shared/eval/score.js does) and the share of its sentences that read as fragments.

const tokens = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

export const tokenF1 = (reply: string, reference: string): number => wordMultisetF1(tokens(reply), tokens(reference));

// The greeting and the sign-off frame every reply and are no sentences of the answer.
const GREETING = /^(hi|hello|hey|dear)\b[^\n]*$/i;

export interface ReplyFrame {
  signOff: string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// The answer's sentences: the paragraphs between the greeting and the sign-off, split by Intl.Segmenter.
export function answerSentences(reply: string, frame: ReplyFrame): string[] {
  const paragraphs = reply.split(/\n\s*\n/).map((paragraph) => paragraph.trim());
  if (paragraphs.length > 0 && GREETING.test(paragraphs[0])) paragraphs.shift();
  if (paragraphs.length > 0 && paragraphs.at(-1) === frame.signOff.trim()) paragraphs.pop();
  return paragraphs.flatMap((paragraph) => [...segmenter.segment(paragraph)].map((s) => s.segment.trim()).filter(Boolean));
}

// A sentence read as a fragment: it does not start with a capital or a digit (an opening quote or bracket
// aside), does not end with . ! ? or : (a closing one aside), or carries a citation marker such as "[8]".
export function isFragment(sentence: string): boolean {
  const text = sentence.trim();
  return !/^["“'(]?[\p{Lu}\p{N}]/u.test(text) || !/[.!?:]["”')]?$/.test(text) || /\[\d+\]/.test(text);
}

export interface FragmentRate {
  sentences: number;
  fragments: number;
  // fragments / sentences, 0 without sentences.
  rate: number;
}

export function fragmentRate(replies: string[], frame: ReplyFrame): FragmentRate {
  const sentences = replies.flatMap((reply) => answerSentences(reply, frame));
  const fragments = sentences.filter(isFragment).length;
  return { sentences: sentences.length, fragments, rate: sentences.length === 0 ? 0 : fragments / sentences.length };
}
