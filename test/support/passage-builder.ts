import { Passage } from '../../src/modules/llm/domain/draft';

// A retrieved passage for drafting tests: a well-covered public article unless told otherwise.
export function buildPassage(articleId: string, title: string, body = 'Some text.', overrides: Partial<Passage> = {}): Passage {
  return {
    articleId,
    externalId: articleId,
    locale: 'en-us',
    title,
    url: `https://help.test/${articleId}`,
    section: null,
    content: `${title}\n\n${body}`,
    score: 0.03,
    similarity: 0.4,
    lexicalScore: 3,
    coverage: 0.8,
    titleCoverage: 0.5,
    visibility: 'public',
    ...overrides,
  };
}
