import { describe, expect, it } from 'vitest';
import { extractArticle, rewriteArticle, type RewriteContext } from './article.ts';

const ctx: RewriteContext = {
  anchor: 'runbook-dns/dns-outage',
  base: '/',
  chapters: new Map([['/runbooks/storage/restore-postgres/', 'runbook-storage/restore-postgres']]),
  siteUrl: 'https://scarbook.lab',
  dist: '/nonexistent',
};

describe('extractArticle', () => {
  it('takes the doc article with any nested article, and nothing around it', () => {
    const html = '<nav>x</nav><article class="doc" data-pagefind-body><h1>T</h1><article>inner</article><p>after</p></article><footer/>';
    expect(extractArticle(html, 'a.md')).toBe('<article class="doc" data-pagefind-body><h1>T</h1><article>inner</article><p>after</p></article>');
  });

  it.each([
    ['<main><p>no article</p></main>', /a\.md: no <article class="doc"> found.+npm run build/],
    ['<article class="doc"><p>cut', /a\.md: the <article class="doc"> is never closed/],
  ])('names the file and what to do: %s', (html, message) => {
    expect(() => extractArticle(html, 'a.md')).toThrow(message);
  });
});

describe('rewriteArticle', () => {
  it.each([
    ['own heading', '<a href="#verify">v</a>', '<a href="#runbook-dns/dns-outage--verify">v</a>'],
    ['another runbook in the book', '<a href="/runbooks/storage/restore-postgres/#verify">r</a>', '<a href="#runbook-storage/restore-postgres--verify">r</a>'],
    ['another runbook, no slash, no hash', '<a href="/runbooks/storage/restore-postgres">r</a>', '<a href="#runbook-storage/restore-postgres">r</a>'],
    ['a page not in the book', '<a href="/decisions/0002-x/">d</a>', '<a href="https://scarbook.lab/decisions/0002-x/">d</a>'],
    ['an outside link', '<a href="https://example.org/x">o</a>', '<a href="https://example.org/x">o</a>'],
    ['a heading id', '<h2 id="verify">Verify</h2>', '<h2 id="runbook-dns/dns-outage--verify">Verify</h2>'],
  ])('%s', (_, body, expected) => {
    expect(rewriteArticle(`<article class="doc">${body}</article>`, ctx)).toBe(`<article class="doc book-chapter" id="runbook-dns/dns-outage">${expected}</article>`);
  });

  it('leaves inline SVG diagrams alone: their ids and references point inside them', () => {
    const svg = '<svg id="mermaid-1"><marker id="arrow"/><use href="#arrow"/></svg>';
    expect(rewriteArticle(`<article class="doc"><p id="a">x</p>${svg}</article>`, ctx)).toBe(
      `<article class="doc book-chapter" id="runbook-dns/dns-outage"><p id="runbook-dns/dns-outage--a">x</p>${svg}</article>`,
    );
  });
});
