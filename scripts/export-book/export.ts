import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../lab/atomic-file.ts';
import { extractArticle, rewriteArticle } from './article.ts';
import { chapterAnchor, renderBook, type BookChapter } from './document.ts';
import { printPdf } from './pdf.ts';
import { productionRunbooks } from './select.ts';

export interface ExportOptions {
  /** The built site to take the rendered runbooks from (diagrams, highlighting, links as on the site). */
  dist: string;
  contentPath: string;
  out: string;
  siteTitle: string;
  /** Site base the dist was built with (`/`, `/docs/`). */
  base: string;
  /** Public address of the site, for links to pages that are not in the book; '' keeps site paths. */
  siteUrl: string;
  /** A Chromium to print the PDF with; null writes the HTML only. */
  chromium: string | null;
  date: string;
  root?: string;
}

export interface ExportResult {
  html: string;
  pdf: string | null;
  runbooks: number;
}

export const BOOK_HTML = 'runbooks.html';
export const BOOK_PDF = 'runbooks.pdf';

/** The page of a runbook in the built site, or an error saying how to get it. */
function builtPage(dist: string, id: string, file: string): string {
  const page = path.join(dist, 'runbooks', ...id.split('/'), 'index.html');
  if (!existsSync(page)) {
    throw new Error(`${file}: its page ${path.relative(process.cwd(), page)} is not in the built site. Run \`npm run build\` first (or pass --dist with the folder you built).`);
  }
  return page;
}

/** The site's stylesheets, read from the `<link rel="stylesheet">` tags of a built page. */
function siteCss(dist: string, base: string, html: string): string {
  return [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)]
    .map((m) => m[1]!)
    .filter((href) => href.startsWith(base))
    .map((href) => readFileSync(path.join(dist, href.slice(base.length)), 'utf8'))
    .join('\n');
}

/** Writes `runbooks.html` (and `runbooks.pdf` with Chromium) into `out`: every production runbook, with contents. */
export async function exportBook(options: ExportOptions): Promise<ExportResult> {
  const base = options.base.endsWith('/') ? options.base : `${options.base}/`;
  const folders = await productionRunbooks(options.contentPath, options.root);
  const runbooks = folders.flatMap((f) => f.runbooks);
  if (!runbooks.length) {
    throw new Error(`${path.join(options.contentPath, 'runbooks')}: no runbook has \`mode: production\` in its front matter; mark the ones to print, then run export:book again.`);
  }
  const pages = new Map(runbooks.map((r) => [r.id, readFileSync(builtPage(options.dist, r.id, r.file), 'utf8')]));
  const anchors = new Map(runbooks.map((r) => [`${base}runbooks/${r.id}/`, chapterAnchor(r.id)]));
  const chapters = new Map<string, BookChapter>();
  for (const r of runbooks) {
    const anchor = chapterAnchor(r.id);
    const article = extractArticle(pages.get(r.id)!, r.file);
    chapters.set(r.id, { anchor, html: rewriteArticle(article, { anchor, base, chapters: anchors, siteUrl: options.siteUrl, dist: options.dist }) });
  }
  const html = renderBook({
    siteTitle: options.siteTitle,
    date: options.date,
    folders,
    chapters,
    css: siteCss(options.dist, base, pages.get(runbooks[0]!.id)!),
    siteUrl: options.siteUrl,
  });
  const htmlFile = path.join(options.out, BOOK_HTML);
  await writeFileAtomic(htmlFile, html);
  let pdf: string | null = null;
  if (options.chromium) {
    pdf = path.join(options.out, BOOK_PDF);
    await printPdf(options.chromium, htmlFile, pdf);
  }
  return { html: htmlFile, pdf, runbooks: runbooks.length };
}
