import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomicSync } from '../lib/atomic-write.ts';
import { BUILD_NOW } from '../lib/build-clock.ts';
import { addFiles, sha256 } from '../lib/file-digest.ts';
import type { SearchBundle } from './search-bundles.ts';

/**
 * What the last build's search index was made of, kept in Astro's cache folder so the next
 * `npm run build` can index the pages it expects to keep while Astro is still running
 * (search-early.ts), and keep a bundle whose pages are all unchanged (search-index.ts). Only a
 * guess that saves time: every page indexed early is checked against the finished page, byte for
 * byte, and one that differs sends its bundle back to the start.
 */
export const SEARCH_MANIFEST = 'scarbook-search.json';

const Sha256 = z.string().length(64);
const PageSchema = z.object({
  /** Path inside the built site, with `/`. */
  file: z.string().min(1),
  sha256: Sha256,
  /** The document the page is drawn from (`data-source` on its article), inside the content folder. */
  source: z.string().min(1).optional(),
  /** That document's bytes when the page was built. */
  sourceSha256: Sha256.optional(),
});
export const SearchManifestSchema = z.object({
  format: z.literal(2),
  /**
   * sha256 of each search bundle's entry file as the build left it (search-bundles.ts): a bundle
   * still so, whose pages are all the bytes listed here, is kept by the next build as it is.
   */
  bundles: z.object({ documents: Sha256, lab: Sha256 }) satisfies z.ZodType<Record<SearchBundle, string>>,
  /** inputsDigest() of the build: everything else a page can show. */
  inputs: Sha256,
  pages: z.array(PageSchema),
});
export type SearchManifest = z.infer<typeof SearchManifestSchema>;
export type ManifestPage = z.infer<typeof PageSchema>;

/** The manifest, or undefined when there is none or it is unreadable: it is a cache, never an error. */
export function readSearchManifest(file: string): SearchManifest | undefined {
  try {
    const parsed = SearchManifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a killed build leaves the previous manifest), pages sorted. */
export function writeSearchManifest(file: string, manifest: SearchManifest): void {
  const pages = [...manifest.pages].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  writeFileAtomicSync(file, `${JSON.stringify({ ...manifest, pages }, null, 1)}\n`, { fsync: false });
}

/**
 * One digest of what any page may show besides its own document: the build clock's hour, every
 * file under the content folder except the documents in `sources`, our source code and
 * configuration. When it is unchanged, only pages whose own document changed are expected to.
 */
export function inputsDigest(root: string, contentPath: string, sources: ReadonlySet<string>): string {
  const hash = createHash('sha256').update(`clock\0${BUILD_NOW.toISOString()}\0`);
  addFiles(hash, contentPath, root, new Set([...sources].map((source) => path.join(contentPath, source))));
  for (const target of ['src', 'astro.config.mjs', 'scarbook.config.json', 'package-lock.json']) addFiles(hash, path.join(root, target), root);
  return hash.digest('hex');
}

/** The document's bytes, hashed; undefined when it is gone. */
export function sourceSha256(contentPath: string, source: string): string | undefined {
  try {
    return sha256(readFileSync(path.join(contentPath, source)));
  } catch {
    return undefined;
  }
}

/** The record of an index just written: its bundles (the sha256 of each one's entry file), its pages, their documents' bytes, and the inputs digest. */
export function searchManifest(root: string, contentPath: string, indexed: readonly Omit<ManifestPage, 'sourceSha256'>[], bundles: SearchManifest['bundles']): SearchManifest {
  return { ...searchManifestPages(root, contentPath, indexed), bundles };
}

/** searchManifest() but the bundles, which are known only once written: the part that reads files, made while Pagefind writes. */
export function searchManifestPages(root: string, contentPath: string, indexed: readonly Omit<ManifestPage, 'sourceSha256'>[]): Omit<SearchManifest, 'bundles'> {
  const sources = new Set(indexed.flatMap((page) => (page.source ? [page.source] : [])));
  const pages = indexed.map((page) => {
    const hash = page.source ? sourceSha256(contentPath, page.source) : undefined;
    return hash ? { ...page, sourceSha256: hash } : page;
  });
  return { format: 2, inputs: inputsDigest(root, contentPath, sources), pages };
}
