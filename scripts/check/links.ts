import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { isExternal, resolveFileLink, SECTIONS } from '../../src/lib/content-links.ts';
import { entryId } from '../../src/lib/entry-id.ts';
import { HUGO_REF } from '../../src/markdown/hugo-ref-links.ts';
import { headingSlugs } from './headings.ts';

export interface Problem {
  /** Path relative to the project root. */
  file: string;
  line: number;
  column: number;
  message: string;
  /** Errors fail `npm run check`; warnings are reported (and fail with `--strict` when their gate is in the policy); notices never fail. */
  severity?: 'error' | 'warning' | 'notice';
  /** Which check found it; `policy.strict` in scarbook.config.json names the gates `--strict` enforces. */
  gate?: Gate;
}

export type Gate = 'front-matter' | 'links' | 'secrets' | 'drills' | 'drift' | 'lab';

export interface Doc {
  /** Absolute path. */
  file: string;
  tree: Root;
}

/** Every `[text](href)` and `[ref]: href` in a document, with where it is. */
export function collectLinks(tree: Root): { href: string; line: number; column: number }[] {
  const out: { href: string; line: number; column: number }[] = [];
  visit(tree, (node) => {
    if ((node.type === 'link' || node.type === 'definition' || node.type === 'image') && node.position) {
      out.push({ href: node.url, line: node.position.start.line, column: node.position.start.column });
    }
    // Hugo `[text]({{< ref "x.md" >}})` links: text to CommonMark, links on the site.
    if (node.type === 'text' && node.position && node.value.includes('{{')) {
      for (const m of node.value.matchAll(HUGO_REF)) {
        const before = node.value.slice(0, m.index);
        const newlines = before.split('\n').length - 1;
        const column = newlines ? before.length - before.lastIndexOf('\n') : node.position.start.column + before.length;
        out.push({ href: m[2]!, line: node.position.start.line + newlines, column });
      }
    }
  });
  return out;
}

/** Site pages that are not content files but that authors may link to. */
const STATIC_ROUTES = new Set(['', 'runbooks', 'decisions', 'drills', 'incidents', 'tags', 'search']);

/**
 * Finds links that lead nowhere: a file that does not exist, a heading that is not in the
 * target, a site path with no page. External links are not fetched (the lab may be offline).
 */
export function checkLinks(docs: Doc[], contentPath: string, root: string, base = '/'): Problem[] {
  const slugsByFile = new Map(docs.map((d) => [d.file, headingSlugs(d.tree)]));
  const pages = new Map<string, string>();
  for (const d of docs) {
    const rel = path.relative(contentPath, d.file).split(path.sep).join('/');
    const [section, ...rest] = rel.split('/');
    if (SECTIONS.includes(section as (typeof SECTIONS)[number])) pages.set(`${section}/${entryId(rest.join('/'))}`, d.file);
  }
  const problems: Problem[] = [];
  for (const doc of docs) {
    const rel = path.relative(root, doc.file);
    for (const link of collectLinks(doc.tree)) {
      const report = (message: string) => problems.push({ file: rel, line: link.line, column: link.column, message: `broken link "${link.href}": ${message}`, gate: 'links' });
      const href = link.href.trim();
      if (!href || isExternal(href)) continue;
      if (href.startsWith('#')) {
        const anchor = decodeURIComponent(href.slice(1));
        if (anchor && !slugsByFile.get(doc.file)!.has(anchor)) report(`no heading "${anchor}" in this file`);
        continue;
      }
      if (href.startsWith('/')) {
        const [p = '', anchor = ''] = href.slice(base.length - 1).split('#', 2);
        const route = decodeURIComponent(p).replace(/^\/+|\/+$/g, '').replace(/\/index\.html$/, '');
        const target = pages.get(route);
        if (target) {
          if (anchor && !slugsByFile.get(target)!.has(anchor)) report(`no heading "${anchor}" on that page`);
        } else if (!STATIC_ROUTES.has(route) && !route.startsWith('tags/') && !existsSync(path.join(root, 'public', route))) {
          report(`no page at /${route}/`);
        }
        continue;
      }
      const target = resolveFileLink(doc.file, href, contentPath);
      const filePart = decodeURIComponent(href.split('#')[0]!.split('?')[0]!);
      const abs = target?.file ?? path.resolve(path.dirname(doc.file), filePart);
      if (!existsSync(abs)) {
        report(`no file ${path.relative(root, abs)}`);
        continue;
      }
      const anchor = target?.hash ? decodeURIComponent(target.hash) : '';
      const slugs = slugsByFile.get(abs);
      if (anchor && slugs && !slugs.has(anchor)) report(`no heading "${anchor}" in ${path.relative(root, abs)} (headings: ${[...slugs].slice(0, 8).join(', ') || 'none'})`);
    }
  }
  return problems;
}
