import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomicSync } from '../lib/atomic-write.ts';
import { fileIdentity, trustworthy, writtenAt } from '../lib/file-identity.ts';
import { filesInside } from '../lib/files-under.ts';
import { inSearchFolder } from './search-bundles.ts';

/**
 * What the last finished build left in each page file, kept in Astro's cache folder, so the steps
 * after Astro read only the pages this build wrote.
 *
 * Astro leaves a page whose key is unchanged where it is (out-dir.ts keeps the last build's pages):
 * a rebuild after one runbook edit writes ~10 of the 1,000-runbook benchmark's 1,659 pages, yet
 * the diagram step and the search step each read all of them again (~0.4 s each, 1.5 GB at fleet
 * size). A page whose file is still the one recorded (file-identity.ts) is still what the last
 * build finished: no placeholder left unless it says so, and the same hash, so the search index
 * and the offline list need not read it. A page changed no earlier than the record was written is
 * not trusted (file-identity.ts).
 */
export const FINISHED_PAGES = 'scarbook-pages.json';

const PageSchema = z.object({
  /** fileIdentity() of the file when the build finished. */
  stat: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().length(64),
  /** Diagrams were left to the browser (no Chromium): the next build tries to render them. */
  placeholders: z.boolean(),
  /** In the search index (has a `data-pagefind-body`), with its document when it names one. */
  indexed: z.boolean(),
  source: z.string().min(1).optional(),
});
const RecordSchema = z.object({ format: z.literal(1), pages: z.record(z.string(), PageSchema) });
export type FinishedPage = z.infer<typeof PageSchema>;

/** Every page of the built site (`.html`, Pagefind's folders aside), as paths inside it with `/`, sorted. */
export function sitePages(dir: string): string[] {
  return filesInside(dir).filter((file) => file.endsWith('.html') && !inSearchFolder(file));
}

/**
 * Every page of the built site (sitePages, or `pages` when the caller has listed them): path
 * inside it → fileIdentity.
 * Synchronous on purpose: 1,659 stats through the thread pool took ~250 ms, mostly waiting, and a
 * few milliseconds this way.
 */
export function statPages(dir: string, pages: readonly string[] = sitePages(dir)): Map<string, string> {
  return new Map(pages.map((file) => [file, fileIdentity(path.join(dir, file))]));
}

/** The record and when it was written; empty when there is none or it is unreadable (a cache, never an error). */
export function readFinishedPages(file: string): FinishedRecord {
  try {
    const parsed = RecordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return { pages: new Map(Object.entries(parsed.data.pages)), writtenNs: writtenAt(file) };
  } catch {
    // Missing or not JSON: no record.
  }
  return { pages: new Map(), writtenNs: 0n };
}

export interface FinishedRecord {
  pages: Map<string, FinishedPage>;
  /** The record file's own modification time. */
  writtenNs: bigint;
}

/**
 * The pages of `now` (statPages) whose file is the one recorded and whose diagrams were all
 * rendered: what the last build knew of them still holds.
 */
export function unchangedPages(now: ReadonlyMap<string, string>, last: FinishedRecord): Map<string, FinishedPage> {
  const unchanged = new Map<string, FinishedPage>();
  for (const [file, key] of now) {
    const page = last.pages.get(file);
    if (page && page.stat === key && !page.placeholders && trustworthy(key, last.writtenNs)) unchanged.set(file, page);
  }
  return unchanged;
}

/** Written whole or not at all, pages sorted, so the file only changes where a page did. */
export function writeFinishedPages(file: string, pages: ReadonlyMap<string, FinishedPage>): void {
  const sorted = Object.fromEntries([...pages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  // A cache: atomic for readers, no fsync.
  writeFileAtomicSync(file, `${JSON.stringify({ format: 1, pages: sorted })}\n`, { fsync: false });
}

/**
 * The record of a build just finished: every page's fileIdentity now (statPages, taken after the
 * last write to a page), and what the search step read of it (`hashes`, `indexed`); `clientPages`
 * are the pages whose diagrams were left to the browser.
 */
export function finishedPages(
  stats: ReadonlyMap<string, string>,
  hashes: ReadonlyMap<string, { bytes: number; sha256: string }>,
  indexed: readonly { file: string; source?: string }[],
  clientPages: readonly string[],
): Map<string, FinishedPage> {
  const inIndex = new Map(indexed.map((page) => [page.file, page]));
  const client = new Set(clientPages);
  const pages = new Map<string, FinishedPage>();
  for (const [file, stat] of stats) {
    const hash = hashes.get(file);
    // A page the search step did not see (written after it) is left out: the next build reads it.
    if (!hash) continue;
    const entry = inIndex.get(file);
    pages.set(file, { stat, ...hash, placeholders: client.has(file), indexed: entry !== undefined, ...(entry?.source ? { source: entry.source } : {}) });
  }
  return pages;
}
