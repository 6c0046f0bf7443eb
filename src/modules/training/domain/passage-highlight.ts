import { contentTerms, stem, words } from '../../llm/domain/text-terms';

export interface PassageSegment {
  text: string;
  // A word the question used too: the training page marks it.
  marked: boolean;
}

const WORD = /^[\p{L}\p{N}'’]+$/u;

// The passage cut into runs of marked and unmarked text, marking the words it shares with the question (by stem,
// ignoring case, accents and stopwords), so the rep sees at a glance why it was picked.
export function highlightPassage(passage: string, question: string): PassageSegment[] {
  const asked = new Set(contentTerms(question));
  const parts = passage.split(/([\p{L}\p{N}'’]+)/u).filter((part) => part !== '');
  const marked = parts.map((part) => WORD.test(part) && words(part).some((word) => asked.has(stem(word))));
  // Spaces between two marked words stay inside one mark.
  parts.forEach((part, i) => {
    if (/^\s+$/.test(part) && marked[i - 1] && marked[i + 1]) marked[i] = true;
  });
  const segments: PassageSegment[] = [];
  parts.forEach((text, i) => {
    const last = segments[segments.length - 1];
    if (last && last.marked === marked[i]) last.text += text;
    else segments.push({ text, marked: marked[i] });
  });
  return segments;
}
