import path from 'node:path';
import { entryId } from './entry-id.ts';

export const SECTIONS = ['runbooks', 'decisions', 'drills', 'incidents'] as const;
export type ContentSection = (typeof SECTIONS)[number];

export interface ContentTarget {
  section: ContentSection;
  /** Entry id, or '' for a folder's `_index.md`. */
  id: string;
  /** Folder of an `_index.md` target. */
  folder?: string;
  /** Absolute path of the target file. */
  file: string;
  /** Heading anchor without `#`, or ''. */
  hash: string;
}

/** True for links to other sites, mail, or in-page anchors: those are not file links. */
export function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

/**
 * Resolves a relative Markdown link (`../storage/restore-postgres.md#verify`) written in
 * `fromFile` to the content entry it names. Authors link files, so links work on GitHub too;
 * the site turns them into page URLs. Returns null for links that are not to content files.
 */
export function resolveFileLink(fromFile: string, href: string, contentPath: string): ContentTarget | null {
  if (isExternal(href) || href.startsWith('/') || href.startsWith('#')) return null;
  const [rawPath = '', hash = ''] = href.split('#', 2);
  const filePart = decodeURIComponent(rawPath.split('?')[0]!);
  if (!/\.mdx?$/i.test(filePart)) return null;
  const file = path.resolve(path.dirname(fromFile), filePart);
  const rel = path.relative(contentPath, file).split(path.sep).join('/');
  const [section, ...rest] = rel.split('/');
  if (!SECTIONS.includes(section as ContentSection) || rest.length === 0) return null;
  const inner = rest.join('/');
  if (/(^|\/)_index\.md$/i.test(inner)) {
    return { section: section as ContentSection, id: '', folder: entryId(inner.replace(/\/?_index\.md$/i, '')), file, hash };
  }
  return { section: section as ContentSection, id: entryId(inner), file, hash };
}

/** The page URL of a resolved target, under the site's base path. */
export function targetUrl(target: ContentTarget, base: string): string {
  const prefix = base.replace(/\/?$/, '/');
  if (target.id === '') return `${prefix}${target.section}/#folder-${target.folder || 'root'}`;
  return `${prefix}${target.section}/${target.id}/${target.hash ? `#${target.hash}` : ''}`;
}
