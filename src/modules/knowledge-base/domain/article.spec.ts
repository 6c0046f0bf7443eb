import { articleContentHash, articleText, chunkArticle } from './article';

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
  it('returns one titled chunk for a short article', () => {
    expect(chunkArticle('Title', 'Short body.')).toEqual([{ ordinal: 0, content: 'Title\n\nShort body.' }]);
  });

  it('splits long articles on paragraph boundaries and titles every chunk', () => {
    const paragraph = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkArticle('Guide', [paragraph, paragraph, paragraph].join('\n\n'));
    expect(chunks.length).toBe(3);
    chunks.forEach((chunk, i) => {
      expect(chunk.ordinal).toBe(i);
      expect(chunk.content.startsWith('Guide\n\n')).toBe(true);
    });
  });

  it('splits a single huge paragraph', () => {
    const huge = Array.from({ length: 1000 }, () => 'w').join(' ');
    expect(chunkArticle('T', huge).length).toBeGreaterThan(4);
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
