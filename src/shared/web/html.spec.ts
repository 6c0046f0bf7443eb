import { html, page } from './html';

describe('html', () => {
  it('escapes interpolated text, lists included, and keeps nested templates as they are', () => {
    const name = '<script>alert("x")</script>';
    const out = html`<p title="${name}">${name} ${[html`<b>${'&'}</b>`, "'"]}</p>`.value;
    expect(out).toBe('<p title="&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;">&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; <b>&#38;</b>&#39;</p>');
  });

  it('renders nothing for null, undefined and false', () => {
    expect(html`[${null}${undefined}${false}]`.value).toBe('[]');
  });

  it('builds a page without inline scripts', () => {
    const out = page({ title: 'T<', body: html`<p>x</p>`, scripts: ['/assets/a.js'] });
    expect(out).toContain('<title>T&#60; · OpenCX Assist</title>');
    expect(out).toContain('<script src="/assets/a.js" defer></script>');
    expect(out).not.toMatch(/<script>/);
  });
});
