import { articleFixChanges, articleFixProblem, guideEditorUrl, MAX_ARTICLE_TITLE_CHARS } from './guide-article';
import { MAX_BODY_HTML_CHARS } from './article';

describe('articleFixProblem', () => {
  const body = '<p>Click <strong>Forgot password</strong>.</p>';

  it.each([
    ['a title and a body with text', { title: 'Reset your password', bodyHtml: body }, null],
    ['a title of the longest length', { title: 'x'.repeat(MAX_ARTICLE_TITLE_CHARS), bodyHtml: body }, null],
    ['a blank title', { title: '   ', bodyHtml: body }, 'The title is empty'],
    ['a title too long', { title: 'x'.repeat(MAX_ARTICLE_TITLE_CHARS + 1), bodyHtml: body }, `The title is longer than ${MAX_ARTICLE_TITLE_CHARS} characters`],
    ['an empty body', { title: 'Reset', bodyHtml: '' }, 'The body has no text'],
    ['a body of markup, scripts and images only', { title: 'Reset', bodyHtml: '<p> </p><script>alert(1)</script><img src="x.png">' }, 'The body has no text'],
    ['a body too long', { title: 'Reset', bodyHtml: `<p>${'a'.repeat(MAX_BODY_HTML_CHARS)}</p>` }, `The body is longer than ${MAX_BODY_HTML_CHARS} characters`],
  ])('%s', (_case, fix, problem) => {
    expect(articleFixProblem(fix)).toBe(problem);
  });
});

describe('guideEditorUrl', () => {
  it.each([
    ['https://acme.zendesk.com/hc/en-us/articles/123-Reset-your-password', '123', 'en-us', 'https://acme.zendesk.com/knowledge/articles/123/en-us'],
    // A brand on its own host mapping: the editor is on that host too.
    ['https://help.acme.com/hc/de/articles/456', '456', 'de', 'https://help.acme.com/knowledge/articles/456/de'],
    ['http://127.0.0.1:4000/brands/7/hc/pt-br/articles/9', '9', 'pt-br', 'http://127.0.0.1:4000/knowledge/articles/9/pt-br'],
    ['not a url', '1', 'en-us', null],
  ])('%s, article %s (%s) → %s', (htmlUrl, externalId, locale, expected) => {
    expect(guideEditorUrl(htmlUrl, externalId, locale)).toBe(expected);
  });
});

describe('articleFixChanges', () => {
  it('records the article, old → new title, and each body as its length and hash only', () => {
    const before = { id: 'kb-1', externalId: '123', locale: 'en-us', title: 'Old title', bodyHtml: '<p>old</p>' };

    const changes = articleFixChanges(before, { title: 'New title', bodyHtml: '<p>new text</p>' });

    const article = { id: 'kb-1', externalId: '123', locale: 'en-us' };
    expect(changes).toEqual({
      article: {
        from: { ...article, title: 'Old title', body: { length: 10, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } },
        to: { ...article, title: 'New title', body: { length: 15, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } },
      },
    });
    expect(JSON.stringify(changes)).not.toContain('new text');
  });
});
