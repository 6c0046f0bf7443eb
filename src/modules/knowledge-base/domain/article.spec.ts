import { articleContentHash, articleText, chunkArticle, textSearchConfigFor } from './article';

describe('articleText', () => {
  it('keeps readable text and drops scripts, iframes and hrefs', () => {
    const text = articleText(
      '<h2>Reset</h2><p>Open <a href="https://x.test/s">Settings</a>.</p><script>alert(1)</script><iframe src="https://evil"></iframe><ul><li>One</li><li>Two</li></ul>',
    );
    expect(text).toContain('Reset');
    expect(text).toContain('Open Settings.');
    expect(text).toMatch(/One[\s\S]*Two/);
    expect(text).not.toMatch(/alert|evil|x\.test/);
  });
});

describe('chunkArticle', () => {
  const paragraph = (n: number) => `<p>${Array.from({ length: n }, (_, i) => `word${i}`).join(' ')}</p>`;

  it('returns one titled chunk for a short article, with a content hash', () => {
    const [chunk, ...rest] = chunkArticle('Title', '<p>Short body.</p>');
    expect(rest).toEqual([]);
    expect(chunk).toMatchObject({ ordinal: 0, heading: null, content: 'Title\n\nShort body.' });
    expect(chunk.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('follows headings: one section never shares a chunk with another, and each chunk names its section', () => {
    const chunks = chunkArticle('Billing', '<p>Intro text here.</p><h2>Refunds</h2><p>Refunds take 5 days.</p><h3>Invoices</h3><ul><li>PDF</li><li>CSV</li></ul>');
    expect(chunks.map((c) => [c.heading, c.content])).toEqual([
      [null, 'Billing\n\nIntro text here.'],
      ['Refunds', 'Billing — Refunds\n\nRefunds take 5 days.'],
      ['Invoices', expect.stringMatching(/^Billing — Invoices\n\n[\s\S]*PDF[\s\S]*CSV/)],
    ]);
  });

  it('flattens tables to text', () => {
    const [chunk] = chunkArticle('Plans', '<table><tr><th>Plan</th><th>Price</th></tr><tr><td>Pro</td><td>$10</td></tr></table>');
    expect(chunk.content).toMatch(/Plan\s+Price[\s\S]*Pro\s+\$10/);
  });

  it('splits long sections on paragraph boundaries and titles every chunk', () => {
    const chunks = chunkArticle('Guide', paragraph(100) + paragraph(100) + paragraph(100));
    expect(chunks.length).toBe(3);
    chunks.forEach((chunk, i) => {
      expect(chunk.ordinal).toBe(i);
      expect(chunk.content.startsWith('Guide\n\n')).toBe(true);
    });
  });

  it('splits a single huge paragraph', () => {
    expect(chunkArticle('T', paragraph(1000)).length).toBeGreaterThan(4);
  });

  it('keeps identical chunk hashes for unchanged sections when another section changes', () => {
    const before = chunkArticle('T', '<h2>A</h2><p>Same text.</p><h2>B</h2><p>Old text.</p>');
    const after = chunkArticle('T', '<h2>A</h2><p>Same text.</p><h2>B</h2><p>New text.</p>');
    expect(after[0].contentHash).toBe(before[0].contentHash);
    expect(after[1].contentHash).not.toBe(before[1].contentHash);
  });

  it('survives broken HTML and never keeps scripts', () => {
    const chunks = chunkArticle('T', '<h2>Open<p>unclosed <b>bold <script>steal()</script><div>text');
    expect(chunks.map((c) => c.content).join(' ')).not.toContain('steal');
    expect(chunks.map((c) => c.content).join(' ')).toContain('text');
  });
});

describe('textSearchConfigFor', () => {
  it.each([
    ['en-us', 'english', true],
    ['de', 'german', true],
    ['pt-BR', 'portuguese', true],
    ['ja', 'simple', false],
  ])('%s → %s', (locale, config, known) => {
    expect(textSearchConfigFor(locale)).toEqual({ config, known });
  });
});

describe('articleContentHash', () => {
  const article = { externalId: '1', title: 'T', bodyHtml: '<p>a</p>', url: 'u', locale: 'en-us' };
  it('changes with the content and the embedding model only', () => {
    expect(articleContentHash(article, 'm1')).toBe(articleContentHash({ ...article }, 'm1'));
    expect(articleContentHash(article, 'm1')).not.toBe(articleContentHash(article, 'm2'));
    expect(articleContentHash(article, 'm1')).not.toBe(articleContentHash({ ...article, bodyHtml: '<p>b</p>' }, 'm1'));
  });
});
