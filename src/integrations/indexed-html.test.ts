import { describe, expect, it } from 'vitest';
import { indexedHtml } from './indexed-html.ts';

const page = (body: string, around = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>DNS outage</title><link rel="stylesheet" href="/a.css"></head>` +
  `<body><header data-pagefind-ignore><nav>Menu</nav></header>${around}<main>${body}</main><footer data-pagefind-ignore>Footer</footer></body></html>`;

describe('indexedHtml', () => {
  it('gives Pagefind the html tag, the title and the indexed element only', () => {
    const article = '<article class="doc" data-pagefind-body><h1>DNS outage</h1><p data-pagefind-filter="tag:dns">Restart the resolver.</p></article>';
    expect(indexedHtml(page(article))).toBe(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>DNS outage</title></head><body>${article}</body></html>`);
  });

  it('gives the whole page when Pagefind attributes outside the element matter, or it cannot be cut out', () => {
    for (const html of [
      page('<article data-pagefind-body><p>x</p></article>', '<span data-pagefind-meta="image:/a.png"></span>'),
      page('<article data-pagefind-body><p>x</p></article>', '<span data-pagefind-filter="tag:dns"></span>'),
      page('<article data-pagefind-body><article><p>x</p></article><p>y</p></article>'),
      page('<section data-pagefind-body><p>x</p></section><section data-pagefind-body><p>y</p></section>'),
    ]) {
      const given = indexedHtml(html);
      expect(given).toContain('<link rel="stylesheet" href="/a.css">');
      expect(given).toContain('Footer</footer>');
    }
  });

  it('keeps the words of neighbouring blocks apart, as the browser shows them', () => {
    const html = indexedHtml(page('<article data-pagefind-body><dl><div><dt>OS</dt><dd>Debian</dd></div></dl><details><summary>Raw</summary><pre>{}</pre></details></article>'));
    expect(html).toContain('<dl> <div><dt> OS</dt> <dd> Debian</dd> </div></dl> <details> <summary> Raw</summary> <pre> {}</pre> </details>');
    // Inline elements stay as they are: "re<b>start</b>" is one word on screen too.
    expect(indexedHtml(page('<article data-pagefind-body><p>re<b>start</b> <code>dig</code></p></article>'))).toContain('<p>re<b>start</b> <code>dig</code></p>');
  });
});
