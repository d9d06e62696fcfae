import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Turning a built runbook page into a chapter of the book. The HTML is Astro's own output
 * (double-quoted attributes, one `<article class="doc">` per page), so small scans suffice.
 */

/** The `<article class="doc">…</article>` of a built page, nested articles included. */
export function extractArticle(html: string, file: string): string {
  const start = html.indexOf('<article class="doc"');
  if (start < 0) throw new Error(`${file}: no <article class="doc"> found; is this a runbook page built by Scarbook? Run \`npm run build\` again.`);
  const tag = /<(\/?)article\b[^>]*>/g;
  tag.lastIndex = start;
  let depth = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, m.index + m[0].length);
  }
  throw new Error(`${file}: the <article class="doc"> is never closed; the page is truncated. Run \`npm run build\` again.`);
}

export interface RewriteContext {
  /** This chapter's anchor: every id in it is prefixed with it, so `#verify` of two runbooks differ. */
  anchor: string;
  /** Site base (`/`, `/docs/`). */
  base: string;
  /** Page path (`/runbooks/dns/dns-outage/`) → chapter anchor, for runbooks that are in the book. */
  chapters: ReadonlyMap<string, string>;
  /** Where the site is served (`https://scarbook.lab`), to make other links absolute; '' keeps site paths. */
  siteUrl: string;
  /** The built site, to inline images. */
  dist: string;
}

const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml', '.avif': 'image/avif' };

/** `#x` inside a chapter becomes `#<anchor>--x`. */
export const headingAnchor = (anchor: string, id: string) => `${anchor}--${id}`;

function rewriteHref(href: string, ctx: RewriteContext): string {
  if (href.startsWith('#')) return `#${headingAnchor(ctx.anchor, href.slice(1))}`;
  if (!href.startsWith(ctx.base) || href.startsWith('//')) return href;
  const [pathname = '', hash] = href.split('#', 2);
  const normalized = pathname.endsWith('/') ? pathname : `${pathname}/`;
  const chapter = ctx.chapters.get(normalized);
  if (chapter) return `#${hash ? headingAnchor(chapter, hash) : chapter}`;
  return ctx.siteUrl ? ctx.siteUrl.replace(/\/$/, '') + href : href;
}

function inlineImage(src: string, ctx: RewriteContext): string {
  if (!src.startsWith(ctx.base)) return src;
  const file = path.join(ctx.dist, decodeURIComponent(src.slice(ctx.base.length).split(/[?#]/)[0]!));
  const type = MIME[path.extname(file).toLowerCase()];
  if (!type || !file.startsWith(ctx.dist) || !existsSync(file)) return src;
  return `data:${type};base64,${readFileSync(file).toString('base64')}`;
}

/**
 * Prefixes ids and rewrites links so the chapter works inside one document: its own headings and
 * footnotes, links to other runbooks in the book, images inlined. Inline SVG diagrams are left as
 * they are (their ids are already unique per diagram, and their `href="#…"` point inside them).
 */
export function rewriteArticle(article: string, ctx: RewriteContext): string {
  return article
    .split(/(<svg\b[\s\S]*?<\/svg>)/)
    .map((part) =>
      part.startsWith('<svg')
        ? part
        : part
            .replace(/(\s)id="([^"]*)"/g, (_, space: string, id: string) => `${space}id="${headingAnchor(ctx.anchor, id)}"`)
            .replace(/(\s)href="([^"]*)"/g, (_, space: string, href: string) => `${space}href="${rewriteHref(href, ctx)}"`)
            .replace(/(<img\b[^>]*\s)src="([^"]*)"/g, (_, before: string, src: string) => `${before}src="${inlineImage(src, ctx)}"`),
    )
    .join('')
    // The chapter's own anchor goes on the article, the TOC's target.
    .replace(/^<article class="doc"/, `<article class="doc book-chapter" id="${ctx.anchor}"`);
}
