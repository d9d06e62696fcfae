import type { BookFolder } from './select.ts';

export interface BookChapter {
  anchor: string;
  /** Rewritten article HTML. */
  html: string;
}

export interface BookDocument {
  siteTitle: string;
  /** `2026-11-22`: when the book was made, printed on the cover (a binder page goes stale). */
  date: string;
  folders: BookFolder[];
  chapters: ReadonlyMap<string, BookChapter>;
  /** The site's stylesheet, inlined so the file stands alone. */
  css: string;
  siteUrl: string;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chapter anchor of a runbook: `runbook-dns/dns-outage`. */
export const chapterAnchor = (id: string) => `runbook-${id}`;

// On paper: a cover, the contents, then each runbook from a new page; links written out (the
// site's print styles already do that for `.prose a`), nothing interactive.
const BOOK_CSS = `
@page { size: A4; margin: 16mm 14mm 18mm; }
html, body { background: #fff; }
body.book { max-width: 48rem; margin: 0 auto; padding: 1rem; }
.book-cover { padding: 30vh 0 2rem; }
.book-cover h1 { font-size: 2.2rem; margin: 0 0 .5rem; }
.book-toc { break-after: page; }
.book-toc ol { padding-left: 1.2rem; }
.book-toc li { margin: .25rem 0; }
.book-toc .book-toc-description { display: block; color: #555; font-size: .9em; }
.book-chapter { break-before: page; }
.book-chapter .tag-list, .book-chapter .copy-button { display: none; }
@media screen { .book-chapter { border-top: 2px solid #ccc; margin-top: 3rem; padding-top: 1rem; } }
`;

/** One standalone HTML file: cover, table of contents by folder, then every chapter. */
export function renderBook(book: BookDocument): string {
  const count = book.folders.reduce((n, f) => n + f.runbooks.length, 0);
  const toc = book.folders
    .map(
      (folder) =>
        `<li><strong>${escape(folder.title)}</strong><ol>` +
        folder.runbooks
          .map(
            (r) =>
              `<li><a href="#${escape(chapterAnchor(r.id))}">${escape(r.title)}</a>` +
              (r.description ? `<span class="book-toc-description">${escape(r.description)}</span>` : '') +
              `</li>`,
          )
          .join('') +
        `</ol></li>`,
    )
    .join('\n');
  const chapters = book.folders.flatMap((f) => f.runbooks.map((r) => book.chapters.get(r.id)!.html)).join('\n');
  return `<!doctype html>
<html lang="en" data-theme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escape(book.siteTitle)} — production runbooks</title>
<style>${book.css}</style>
<style>${BOOK_CSS}</style>
</head>
<body class="book">
<header class="book-cover">
<h1>${escape(book.siteTitle)}</h1>
<p>${count} production runbook${count === 1 ? '' : 's'}, printed ${escape(book.date)}${book.siteUrl ? ` from <a href="${escape(book.siteUrl)}">${escape(book.siteUrl)}</a>` : ''}.</p>
<p>Check the date: the site has the current version when it is up.</p>
</header>
<nav class="book-toc" aria-label="Contents">
<h2>Contents</h2>
<ol>
${toc}
</ol>
</nav>
<main>
${chapters}
</main>
</body>
</html>
`;
}
