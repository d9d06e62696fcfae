import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { PagefindIndex } from 'pagefind';
import { mapLimit } from '../lib/bounded-concurrency.ts';
import { sha256 } from '../lib/file-digest.ts';
import { collectGarbage } from '../lib/page-data.ts';
import { decodeHtml } from '../mermaid/diagram-markup.ts';
import { sitePages, type FinishedPage } from './finished-pages.ts';
import { indexedHtml, PAGEFIND_BODY } from './indexed-html.ts';
import { pruneSearchFiles, SEARCH_FOLDER } from './search-files.ts';
import type { ManifestPage } from './search-manifest.ts';

/** Pagefind reports problems in an `errors` array instead of throwing: check it on every call. */
function check(step: string, errors: string[]): void {
  if (errors.length) throw new Error(`Pagefind could not ${step}:\n  ${errors.join('\n  ')}`);
}

const BODY = Buffer.from(PAGEFIND_BODY);
const SOURCE = /<article\b[^>]*\bdata-source="([^"]+)"/;

/** A Pagefind index and the pages in it (path inside the site → sha256 of the bytes indexed). */
export interface PageIndex {
  index: PagefindIndex;
  added: Map<string, string>;
}

export async function createPageIndex(): Promise<PageIndex> {
  const created = await pagefind.createIndex({ forceLanguage: 'en' });
  check('start', created.errors);
  return { index: created.index!, added: new Map() };
}

/** Adds one page (path inside the site, with `/`; its indexed part: indexed-html.ts); false when it has no indexed body. */
export async function addPage(target: PageIndex, file: string, bytes: Buffer, hash = sha256(bytes)): Promise<boolean> {
  if (!bytes.includes(BODY)) return false;
  const result = await target.index.addHTMLFile({ sourcePath: file, content: indexedHtml(bytes.toString('utf8')) });
  check(`index ${file}`, result.errors);
  target.added.set(file, hash);
  return true;
}

/** What the search index and the offline list need of a page's bytes. */
function readPage(bytes: Buffer): Omit<FinishedPage, 'stat' | 'placeholders'> {
  const hash = sha256(bytes);
  if (!bytes.includes(BODY)) return { bytes: bytes.length, sha256: hash, indexed: false };
  // The article tag comes before the body's text: no need to decode the whole page for it.
  const start = bytes.indexOf(BODY);
  const source = SOURCE.exec(bytes.subarray(Math.max(0, bytes.lastIndexOf('<article', start)), start + 4096).toString('utf8'))?.[1];
  return { bytes: bytes.length, sha256: hash, indexed: true, ...(source ? { source: decodeHtml(source) } : {}) };
}

export interface SearchIndexOptions {
  /** An index already holding pages (search-early.ts). */
  early?: PageIndex;
  /** Pages still as the last build finished them (finished-pages.ts). */
  unchanged?: ReadonlyMap<string, FinishedPage>;
  /** Runs while Pagefind writes the index, in its own process (the build's records are made then). */
  whileWriting?: (pages: Pick<SearchIndexResult, 'hashes' | 'indexed'>) => void;
  /** Every page of the site (sitePages), when the caller has listed them already. */
  pages?: readonly string[];
}

export interface SearchIndexResult {
  /** Pages in the index. */
  pages: number;
  /** Of those, indexed before Astro finished (search-early.ts) and unchanged since. */
  early: number;
  /** Why the early index was thrown away, when it was. */
  restarted?: string;
  /** Files of the last build's index the new one does not use, deleted (search-files.ts). */
  stale: number;
  /** Why the index was written again into an emptied folder, when it was. */
  rewritten?: string;
  /** Every HTML page read, for the offline list (offline-files.ts), so it is not read twice. */
  hashes: Map<string, { bytes: number; sha256: string }>;
  /** The indexed pages, for the next build's manifest (search-manifest.ts). */
  indexed: Omit<ManifestPage, 'sourceSha256'>[];
}

/**
 * Indexes the built site with Pagefind's Node API and writes `pagefind/` into it. Only
 * `data-pagefind-body` regions (content articles) are indexed, never navigation.
 *
 * Pages are handed over one by one (a few in flight), and only those with an indexed body:
 * Pagefind's own directory walk parses every page, architecture views and all. Measured once on a
 * fifth of the fleet: 0.81 GiB and 21 s this way, 1.05 GiB and 27 s by directory (that run may
 * have shared the machine; Pagefind's peak is in writeFiles either way, see docs/performance.md).
 *
 * `early` is an index already holding pages of the last build (search-early.ts). A page in it
 * whose finished bytes are the same is not indexed again; one that differs, or is gone, means the
 * early index cannot be used (Pagefind cannot take a page out), and the index starts again empty.
 *
 * `unchanged` pages are still the files the last build finished (finished-pages.ts): what it
 * recorded of them is taken as it is, and they are read only to be indexed.
 *
 * Pagefind writes the index in its own process (~0.6 s of a warm 1k rebuild, several seconds cold,
 * minutes at fleet size), while this one waits: `whileWriting` fills that wait.
 */
export async function buildSearchIndex(dir: string, options: SearchIndexOptions = {}): Promise<SearchIndexResult> {
  const { early, unchanged = new Map<string, FinishedPage>(), whileWriting } = options;
  try {
    const files = options.pages ?? sitePages(dir);
    let target = early ?? (await createPageIndex());
    let kept = 0;
    let restarted: string | undefined;
    const hashes = new Map<string, { bytes: number; sha256: string }>();
    const indexed: SearchIndexResult['indexed'] = [];
    await mapLimit(files, 4, async (file) => {
      const last = unchanged.get(file);
      const bytes = last ? undefined : await readFile(path.join(dir, file));
      const page = last ?? readPage(bytes!);
      hashes.set(file, { bytes: page.bytes, sha256: page.sha256 });
      if (!page.indexed) return;
      indexed.push(page.source ? { file, sha256: page.sha256, source: page.source } : { file, sha256: page.sha256 });
      const before = early?.added.get(file);
      if (before === page.sha256) return void (kept += 1);
      if (before !== undefined) restarted ??= `${file} changed after it was indexed`;
      if (!restarted) await addPage(target, file, bytes ?? (await readFile(path.join(dir, file))), page.sha256);
    });
    if (!restarted && early) {
      const gone = [...early.added.keys()].find((file) => !hashes.has(file));
      if (gone) restarted = `${gone} is gone`;
    }
    if (restarted) {
      await target.index.deleteIndex();
      target = await createPageIndex();
      await mapLimit(indexed, 4, async ({ file }) => addPage(target, file, await readFile(path.join(dir, file))));
    }
    // Pagefind's own peak is while it writes (3.7 GiB at fleet size): this process should not hold
    // the garbage of reading every page meanwhile. The young generation V8 grew for it stays
    // allocated through a collection; scripts/build.ts keeps that one small.
    collectGarbage();
    // Over the last build's content-named files, which Pagefind leaves where they are (search-files.ts).
    const folder = path.join(dir, SEARCH_FOLDER);
    const write = async () => check('write the index', (await target.index.writeFiles({ outputPath: folder })).errors);
    const writing = write();
    if (whileWriting) {
      // The request is on its way to Pagefind first.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        whileWriting({ hashes, indexed });
      } catch (error) {
        await writing.catch(() => undefined);
        throw error;
      }
    }
    await writing;
    let stale = 0;
    let rewritten: string | undefined;
    try {
      stale = pruneSearchFiles(folder);
    } catch (error) {
      // The files it no longer uses cannot be told apart: write it again into an empty folder.
      rewritten = (error as Error).message;
      rmSync(folder, { recursive: true, force: true });
      await write();
    }
    return { pages: target.added.size, early: restarted ? 0 : kept, ...(restarted ? { restarted } : {}), stale, ...(rewritten ? { rewritten } : {}), hashes, indexed };
  } finally {
    await pagefind.close();
  }
}
