import { Draft, DraftRequest } from './draft';
import { ListUnit, passageUnits, TextUnit, wordCount } from './passage-text';
import { judgeSourcing } from './sourcing-score';
import { SOURCING_MODEL } from './sourcing-model';
import { contentTerms } from './text-terms';

// A reply a rep would send: two to six whole sentences (a list with its introduction counts as one, and
// comes alone when it is what speaks most to the question), about as long as a rep's own reply.
const MIN_SENTENCES = 2;
const MAX_SENTENCES = 6;
const MAX_LIST_ITEMS = 10;
const MAX_ANSWER_WORDS = 150;
// A reply shorter than this gets the sentences that follow its lead, if they fit.
const MIN_ANSWER_WORDS = 60;
// A sentence that opens on a pronoun refers to the one before it.
const REFERS_BACK = /^(it|its|this|these|that|those|they|their|he|she|his|her)\b/i;
// Maximal marginal relevance: how much a sentence's relevance counts against its overlap with those chosen.
const MMR_LAMBDA = 0.7;
// A sentence whose word pairs are mostly in a chosen one says it again ("… from Billing" / "… from Billing, as PDF").
const RESTATED_PAIRS = 0.7;

// The offline drafting strategy: answer with the sentences of the best article that speak to the
// customer's words, in the article's own order, and cite that article. No model, no network.
// Whether it is sourced is the sourcing score's call (sourcing-score.ts), from retrieval's evidence.
export function writeExtractiveDraft(request: DraftRequest, model = SOURCING_MODEL): Draft {
  const sourcing = judgeSourcing(request, model);
  const best = request.passages[0];
  if (!best) return { reply: compose(request, [HOLDING_ANSWER]), citedArticleIds: [], sourced: false, sourcing: { ...sourcing, sourced: false } };

  const articlePassages = request.passages.filter((passage) => passage.articleId === best.articleId);
  const units = uniqueUnits(articlePassages.flatMap(passageUnits));

  const answer = pickAnswer(units, new Set(contentTerms(request.focus)));
  return { reply: compose(request, answer.length > 0 ? answer : [HOLDING_ANSWER]), citedArticleIds: [best.articleId], sourced: sourcing.sourced, sourcing };
}

const HOLDING_ANSWER = 'Thanks for your message. We are looking into this and will get back to you shortly.';

// The best article's passages in retrieval order, each in reading order; a sentence two passages share once.
function uniqueUnits(units: TextUnit[]): TextUnit[] {
  const seen = new Set<string>();
  return units
    .filter((unit) => {
      const key = unit.kind === 'sentence' ? unit.text : [unit.intro, ...unit.items].join('\n');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((unit, position) => ({ ...unit, position }));
}

// The unit that speaks most to the question leads. Steps or a list it introduces come whole; otherwise
// sentences are added by maximal marginal relevance (relevant, and not saying again what is chosen), then
// restored to reading order. Question terms weigh by how rare they are in the article: its subject, in
// every sentence, tells its sentences apart no more than a stopword.
function pickAnswer(units: TextUnit[], questionTerms: Set<string>): string[] {
  const weight = termWeights(units);
  const relevance = new Map(units.map((unit) => [unit, [...new Set(unit.terms)].filter((term) => questionTerms.has(term)).reduce((sum, term) => sum + weight.get(term)!, 0)]));
  const ranked = units.filter((unit) => relevance.get(unit)! > 0).sort((a, b) => relevance.get(b)! - relevance.get(a)! || a.position - b.position);
  const lead = ranked[0];
  if (!lead) return [];
  if (lead.kind === 'list') return [renderList(lead)];

  const chosen: TextUnit[] = [lead];
  const top = relevance.get(lead)!;
  const fits = (unit: TextUnit) =>
    !chosen.includes(unit) &&
    (unit.kind === 'sentence' || !chosen.some((c) => c.kind === 'list')) &&
    chosen.length < MAX_SENTENCES &&
    answerWords(chosen) + unitWords(unit) <= MAX_ANSWER_WORDS &&
    !chosen.some((c) => restates(unit.terms, c.terms));
  const mmr = (unit: TextUnit) => MMR_LAMBDA * (relevance.get(unit)! / top) - (1 - MMR_LAMBDA) * Math.max(...chosen.map((c) => overlap(unit.terms, c.terms)));
  for (let candidates = ranked.filter(fits); candidates.length > 0; candidates = ranked.filter(fits)) {
    chosen.push(candidates.reduce((a, b) => (mmr(b) > mmr(a) ? b : a)));
  }
  // Too short to stand alone: what follows the lead is usually its detail ("The link is valid for 24 hours.").
  for (const next of units.filter((unit) => unit.position > lead.position)) {
    if (chosen.length >= MIN_SENTENCES && answerWords(chosen) >= MIN_ANSWER_WORDS) break;
    if (fits(next)) chosen.push(next);
  }
  // Still one sentence, or opening on "It …" or "This …": the sentence before says what it is about.
  const opening = chosen.reduce((a, b) => (b.position < a.position ? b : a));
  if (chosen.length < MIN_SENTENCES || (opening.kind === 'sentence' && REFERS_BACK.test(opening.text))) {
    const before = units.filter((unit) => unit.position < opening.position).at(-1);
    if (before && fits(before)) chosen.push(before);
  }
  // Sentences run on in one paragraph; a list stands apart.
  const paragraphs: string[] = [];
  let previous: TextUnit | undefined;
  for (const unit of chosen.sort((a, b) => a.position - b.position)) {
    if (unit.kind === 'sentence' && previous?.kind === 'sentence') paragraphs.push(`${paragraphs.pop()} ${unit.text}`);
    else paragraphs.push(unit.kind === 'list' ? renderList(unit) : unit.text);
    previous = unit;
  }
  return paragraphs;
}

// ln(1 + units / units holding the term): a term in every unit weighs ln 2, one in a single unit of ten ln 11.
function termWeights(units: TextUnit[]): Map<string, number> {
  const holding = new Map<string, number>();
  for (const unit of units) for (const term of new Set(unit.terms)) holding.set(term, (holding.get(term) ?? 0) + 1);
  return new Map([...holding].map(([term, count]) => [term, Math.log(1 + units.length / count)]));
}

// Jaccard overlap of two sentences' terms.
function overlap(a: string[], b: string[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  const shared = [...setA].filter((term) => setB.has(term)).length;
  return shared === 0 ? 0 : shared / (setA.size + setB.size - shared);
}

// Whether the shorter of two sentences is mostly the other's consecutive terms: term sets alone take "a trial
// court cannot waive fees in the Court of Appeal" for "there are fees in both the trial court and the Court of Appeal".
function restates(a: string[], b: string[]): boolean {
  const [shorter, longer] = [termPairs(a), termPairs(b)].sort((x, y) => x.size - y.size);
  return shorter.size > 0 && [...shorter].filter((pair) => longer.has(pair)).length / shorter.size >= RESTATED_PAIRS;
}

// pickAnswer asks whether a candidate restates each chosen unit again and again: a unit's pairs are made once
// (the terms array is the unit's own, shared by its copies).
const pairsOfTerms = new WeakMap<string[], Set<string>>();

function termPairs(terms: string[]): Set<string> {
  let pairs = pairsOfTerms.get(terms);
  if (pairs === undefined) {
    pairs = new Set(terms.slice(1).map((term, i) => `${terms[i]} ${term}`));
    pairsOfTerms.set(terms, pairs);
  }
  return pairs;
}

// Counted once a unit: every candidate's fit counts the words of all those chosen.
const wordsOfUnit = new WeakMap<TextUnit, number>();

function unitWords(unit: TextUnit): number {
  let words = wordsOfUnit.get(unit);
  if (words === undefined) {
    words = wordCount(unit.kind === 'sentence' ? unit.text : renderList(unit));
    wordsOfUnit.set(unit, words);
  }
  return words;
}

const answerWords = (units: TextUnit[]) => units.reduce((sum, unit) => sum + unitWords(unit), 0);

// Items are numbered, bulleted lists too: each line then reads as a sentence ("2. Click Export."), where a
// dash would open it. A long list is cut after whole items, keeping at least two.
function renderList(list: ListUnit): string {
  const lines = list.intro ? [list.intro] : [];
  for (const [i, item] of list.items.slice(0, MAX_LIST_ITEMS).entries()) {
    if (i >= 2 && wordCount([...lines, item].join(' ')) > MAX_ANSWER_WORDS) break;
    lines.push(`${i + 1}. ${item}`);
  }
  return lines.join('\n');
}

function compose(request: DraftRequest, answer: string[]): string {
  const firstName = request.customerName?.trim().split(/\s+/)[0];
  return [`Hi ${firstName || 'there'},`, answer.join('\n\n'), request.signOff].join('\n\n');
}
