import { hashedEmbedding } from '../../llm/domain/hashed-embedding';
import { clusterByCentroid, GapQuestion, gapSimilarityThreshold, knowledgeGaps } from './knowledge-gaps';

const OFFLINE = gapSimilarityThreshold('offline-hashed-512-v1');

// Four missing articles, asked in different words, newest first.
const QUESTIONS = [
  'Can I pay my invoice by bank transfer instead of a credit card?',
  'Do you sponsor amateur football clubs in Norway?',
  'Do you accept bank transfer payments for invoices?',
  'Can you export all my data to a CSV file?',
  'Is it possible to pay the invoice with a bank transfer?',
  'Does your football sponsorship program cover clubs in Sweden?',
  'Is there a way to export my data as CSV?',
  'Is the mobile app available in dark mode?',
];

const at = (minutesAgo: number) => new Date(Date.UTC(2026, 10, 27, 12) - minutesAgo * 60_000);
const gapQuestions = (texts: string[]): GapQuestion[] => texts.map((question, i) => ({ ticketId: String(100 + i), question, at: at(i) }));

describe('clusterByCentroid', () => {
  it('groups questions asked in other words and keeps unrelated ones apart (offline embedder)', () => {
    const clusters = clusterByCentroid(QUESTIONS.map((q) => hashedEmbedding(q)), OFFLINE);
    expect(clusters).toEqual([[0, 2, 4], [1, 5], [3, 6], [7]]);
  });

  it('neither lumps everything together nor leaves everything alone', () => {
    const clusters = clusterByCentroid(QUESTIONS.map((q) => hashedEmbedding(q)), OFFLINE);
    expect(clusters.length).toBeGreaterThan(1);
    expect(clusters.length).toBeLessThan(QUESTIONS.length);
  });

  it('compares with the centroid: a vector joins the closest cluster, not the first one above the threshold', () => {
    const clusters = clusterByCentroid(
      [
        [1, 0, 0],
        [0, 1, 0],
        [0.6, 0.8, 0],
        [0, 0, 1],
      ],
      0.5,
    );
    expect(clusters).toEqual([[0], [1, 2], [3]]);
  });

  it('returns nothing for no vectors', () => {
    expect(clusterByCentroid([], OFFLINE)).toEqual([]);
  });
});

describe('knowledgeGaps', () => {
  const gaps = () => knowledgeGaps(gapQuestions(QUESTIONS), QUESTIONS.map((q) => hashedEmbedding(q)), OFFLINE, 10);

  it('lists the biggest gap first, then the most recent, with its newest examples', () => {
    expect(gaps().map((gap) => gap.size)).toEqual([3, 2, 2, 1]);
    expect(gaps()[0].examples.map((e) => e.ticketId)).toEqual(['100', '102', '104']);
    expect(gaps()[1].examples.map((e) => e.ticketId)).toEqual(['101', '105']);
    expect(gaps()[3]).toEqual({ label: expect.any(String), size: 1, examples: [{ ticketId: '107', question: QUESTIONS[7], at: at(7) }] });
  });

  it('labels each gap with two to four words that set it apart, as the askers wrote them', () => {
    const labels = gaps().map((gap) => gap.label);
    expect(labels[0].split(' ')).toEqual(expect.arrayContaining(['bank', 'transfer']));
    expect(labels[1].split(' ')).toEqual(expect.arrayContaining(['football', 'clubs']));
    expect(labels[2].split(' ')).toEqual(expect.arrayContaining(['export', 'csv']));
    for (const label of labels) expect(label.split(' ').length).toBeGreaterThanOrEqual(2);
    for (const label of labels) expect(label.split(' ').length).toBeLessThanOrEqual(4);
  });

  it('keeps at most `limit` gaps and three examples each', () => {
    const texts = [...Array.from({ length: 4 }, () => 'Can I pay my invoices by bank transfer?'), 'Do you sponsor football clubs?'];
    const [gap, ...others] = knowledgeGaps(gapQuestions(texts), texts.map((q) => hashedEmbedding(q)), OFFLINE, 1);
    expect(others).toEqual([]);
    expect(gap.size).toBe(4);
    expect(gap.examples.map((e) => e.ticketId)).toEqual(['100', '101', '102']);
  });

  it('trims a long example at a word, to about 300 characters', () => {
    const long = `Can I pay by bank transfer? ${'We are a large company with many invoices every month. '.repeat(10)}`;
    const [gap] = knowledgeGaps(gapQuestions([long]), [hashedEmbedding(long)], OFFLINE, 10);
    expect(gap.examples[0].question.length).toBeLessThanOrEqual(301);
    expect(gap.examples[0].question).toMatch(/^Can I pay by bank transfer\? We are .* \S+…$/);
  });

  it('labels a question without content words by its own text', () => {
    const [gap] = knowledgeGaps(gapQuestions(['Why?']), [hashedEmbedding('Why?')], OFFLINE, 10);
    expect(gap.label).toBe('Why?');
  });
});
