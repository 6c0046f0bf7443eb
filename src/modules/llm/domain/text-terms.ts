// Plain-text term handling shared by the offline embedder and the offline draft writer.

const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can cannot could did do does doing down during each few for from further had has have having he her here hers him his how ' +
    'i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over own ' +
    'please same she should so some such than thank thanks that the their theirs them then there these they this those through to too ' +
    'under until up very was we were what when where which while who whom why will with would you your yours yourself hi hello ' +
    'dear regards get got also may might must shall us let know need want like one im ive dont cant'
  ).split(' '),
);

// Lower-cased, accent-free words of two or more letters or digits.
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[\p{L}\p{N}]{2,}/gu) ?? []
  );
}

// A light suffix stripper: enough for "resetting" ~ "reset" and "subscriptions" ~ "subscription".
export function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const [suffix, keep] of [
    ['ies', 'y'],
    ['ing', ''],
    ['ed', ''],
    ['es', ''],
    ['s', ''],
  ] as const) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length) + keep;
      // "resetting" → "resett" → "reset"
      return /([b-df-hj-np-tv-z])\1$/.test(base) ? base.slice(0, -1) : base;
    }
  }
  return word;
}

// Content terms: stemmed words without stopwords, in order, repeats kept.
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((word) => !STOPWORDS.has(word))
    .map(stem);
}
