import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { PagefindIndex } from 'pagefind';
import { inOrder } from '../lib/bounded-concurrency.ts';
import { sha256 } from '../lib/file-digest.ts';
import { collectGarbage } from '../lib/page-data.ts';
import { decodeHtml } from '../mermaid/diagram-markup.ts';
import { sitePages, type FinishedPage } from './finished-pages.ts';
import { indexedHtml, PAGEFIND_BODY } from './indexed-html.ts';
import { bundleOf, PRIMARY_BUNDLE, SEARCH_BUNDLES, SEARCH_FOLDERS, type SearchBundle } from './search-bundles.ts';
import { bundleIntact, entrySha256, entryVersion, hasSearchEngine, pruneSearchFiles, type KeptScripts } from './search-files.ts';
import type { ManifestPage, SearchManifest } from './search-manifest.ts';

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

/** Pages indexed while Astro ran, by bundle (search-early.ts). */
export type EarlyIndex = Partial<Record<SearchBundle, PageIndex>>;

export interface SearchIndexOptions {
  /** Indexes already holding pages (search-early.ts). */
  early?: EarlyIndex;
  /** Pages still as the last build finished them (finished-pages.ts). */
  unchanged?: ReadonlyMap<string, FinishedPage>;
  /** Runs while Pagefind writes the last bundle, in its own process (the build's records are made then). */
  whileWriting?: (pages: Pick<SearchIndexResult, 'hashes' | 'indexed'>) => void;
  /** Every page of the site (sitePages), when the caller has listed them already. */
  pages?: readonly string[];
  /** The last build's record of its index (search-manifest.ts): a bundle it left intact whose pages are all unchanged is kept. */
  last?: SearchManifest;
}

export interface BundleIndexResult {
  /** Pages in the bundle. */
  pages: number;
  /** Kept as the last build wrote it: none of its pages changed. */
  kept: boolean;
  /** Pages indexed before Astro finished (search-early.ts) and unchanged since. */
  early: number;
  /** Why the early index, or the kept bundle, was thrown away, when it was. */
  restarted?: string;
  /** Files of the last build's bundle the new one does not use, deleted (search-files.ts). */
  stale: number;
  /** Why the bundle was written again into an emptied folder, when it was. */
  rewritten?: string;
  /** sha256 of its entry file, for the next build's record (search-manifest.ts). */
  entry: string;
}

export interface SearchIndexResult {
  /** Pages in the index, both bundles. */
  pages: number;
  /** Each bundle (search-bundles.ts). */
  bundles: Record<SearchBundle, BundleIndexResult>;
  /** Every HTML page read, for the offline list (offline-files.ts), so it is not read twice. */
  hashes: Map<string, { bytes: number; sha256: string }>;
  /** The indexed pages, for the next build's manifest (search-manifest.ts). */
  indexed: Omit<ManifestPage, 'sourceSha256'>[];
}

interface Bundle {
  bundle: SearchBundle;
  folder: string;
  /** Its indexed pages: path → sha256. */
  pages: Map<string, string>;
  kept: boolean;
  early: number;
  restarted?: string;
  stale: number;
  rewritten?: string;
  /** The index to write (none when kept). */
  target?: PageIndex;
}

interface Reading {
  dir: string;
  unchanged: ReadonlyMap<string, FinishedPage>;
  last?: SearchManifest;
  hashes: SearchIndexResult['hashes'];
  indexed: SearchIndexResult['indexed'];
}

/**
 * Pagefind numbers pages in the order they reach it, and its index files hold those numbers. Given
 * in the order their reads finished, two builds of the same pages wrote different index files (all
 * 56 of the 1,000-runbook benchmark's documents bundle): a reader's cached index was thrown away by
 * every deploy, and a rebuild wrote every file again (Pagefind skips a hashed file already there).
 * So pages reach it sorted by path: a few are read ahead of their turn (`read`), and each `add` is
 * started in that order (a few in flight: Pagefind takes them one after another, as they came).
 */
export function pagesInOrder<P>(files: readonly string[], read: (file: string) => Promise<P>, add: (file: string, read: P) => Promise<unknown>): Promise<void> {
  return inOrder([...files].sort(), 4, read, add);
}

/**
 * Reads a bundle's pages (`files`: those of the site in it), and indexes them unless the bundle
 * can be kept: the last build's record names its entry file, its files are all there, and every
 * page is the bytes it recorded. Where it cannot be known before all are read, pages are read
 * twice (the second time only when something changed) rather than held.
 */
async function readBundle(bundle: SearchBundle, files: readonly string[], early: PageIndex | undefined, at: Reading): Promise<Bundle> {
  const folder = path.join(at.dir, SEARCH_FOLDERS[bundle]);
  const before = at.last && bundleIntact(folder, at.last.bundles[bundle]) ? new Map(at.last.pages.filter((p) => bundleOf(p.file) === bundle).map((p) => [p.file, p.sha256])) : undefined;
  const state: Bundle = { bundle, folder, pages: new Map(), kept: false, early: 0, stale: 0, ...(before ? {} : { target: early ?? (await createPageIndex()) }) };
  const add = async (file: string, hash: string, bytes?: Buffer) => {
    const indexedEarly = early?.added.get(file);
    if (indexedEarly === hash) return void (state.early += 1);
    if (indexedEarly !== undefined) state.restarted ??= `${file} changed after it was indexed`;
    if (!state.restarted) await addPage(state.target!, file, bytes ?? (await readFile(path.join(at.dir, file))), hash);
  };
  // Read a few pages ahead, hand them to Pagefind in order (pagesInOrder).
  const needsBytes = (file: string, last?: FinishedPage) => !last || (last.indexed && state.target !== undefined && early?.added.get(file) !== last.sha256);
  await pagesInOrder(
    files,
    async (file) => {
      const last = at.unchanged.get(file);
      return { last, bytes: needsBytes(file, last) ? await readFile(path.join(at.dir, file)) : undefined };
    },
    async (file, { last, bytes }) => {
      const page = last ?? readPage(bytes!);
      at.hashes.set(file, { bytes: page.bytes, sha256: page.sha256 });
      if (!page.indexed) return;
      at.indexed.push(page.source ? { file, sha256: page.sha256, source: page.source } : { file, sha256: page.sha256 });
      state.pages.set(file, page.sha256);
      if (state.target) await add(file, page.sha256, bytes);
    },
  );
  if (before && before.size === state.pages.size && [...state.pages].every(([file, hash]) => before.get(file) === hash)) {
    await early?.index.deleteIndex();
    return { ...state, kept: true };
  }
  if (!state.target) {
    state.target = early ?? (await createPageIndex());
    const read = (file: string) => (early?.added.get(file) === state.pages.get(file) ? Promise.resolve(undefined) : readFile(path.join(at.dir, file)));
    await pagesInOrder([...state.pages.keys()], read, (file, bytes) => add(file, state.pages.get(file)!, bytes));
  }
  if (!state.restarted && early) {
    const gone = [...early.added.keys()].find((file) => !state.pages.has(file));
    if (gone) state.restarted = `${gone} is gone`;
  }
  if (state.restarted) await indexAgain(state, at.dir);
  return state;
}

/** Indexes every page of the bundle into a new index: what was in it cannot be used. */
async function indexAgain(state: Bundle, dir: string): Promise<void> {
  await state.target?.index.deleteIndex();
  state.early = 0;
  state.target = await createPageIndex();
  await pagesInOrder([...state.pages.keys()], (file) => readFile(path.join(dir, file)), (file, bytes) => addPage(state.target!, file, bytes));
}

/**
 * Writes the bundle into its folder over the last build's, then deletes what it does not use (of
 * Pagefind's scripts, all but those it keeps) and frees Pagefind's copy.
 */
async function writeBundle(state: Bundle, keep: KeptScripts, meanwhile?: () => void): Promise<void> {
  const target = state.target!;
  const write = async () => check(`write the ${state.bundle} search index`, (await target.index.writeFiles({ outputPath: state.folder })).errors);
  const writing = write();
  if (meanwhile) {
    // The request is on its way to Pagefind first.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      meanwhile();
    } catch (error) {
      await writing.catch(() => undefined);
      throw error;
    }
  }
  await writing;
  try {
    state.stale = pruneSearchFiles(state.folder, keep);
  } catch (error) {
    // The files it no longer uses cannot be told apart: write it again into an empty folder.
    state.rewritten = (error as Error).message;
    rmSync(state.folder, { recursive: true, force: true });
    await write();
    pruneSearchFiles(state.folder, keep);
  }
  // Pagefind's peak is while it writes (3.7 GiB at fleet size with one bundle): the next bundle is
  // written without this one in memory.
  await target.index.deleteIndex();
  state.target = undefined;
}

/**
 * Indexes the built site with Pagefind's Node API into its two bundles (search-bundles.ts). Only
 * `data-pagefind-body` regions (content articles) are indexed, never navigation.
 *
 * Pages are handed over one by one (a few in flight), and only those with an indexed body:
 * Pagefind's own directory walk parses every page, architecture views and all. Measured once on a
 * fifth of the fleet: 0.81 GiB and 21 s this way, 1.05 GiB and 27 s by directory (that run may
 * have shared the machine; Pagefind's peak is in writeFiles either way, see docs/performance.md).
 *
 * A bundle the last build left intact (`last`), whose pages are all the bytes it recorded, is kept
 * as it is: neither indexed nor written.
 *
 * `early` holds pages of the last build, indexed while Astro ran (search-early.ts). A page in it
 * whose finished bytes are the same is not indexed again; one that differs, or is gone, means that
 * early index cannot be used (Pagefind cannot take a page out), and its bundle starts again empty.
 *
 * `unchanged` pages are still the files the last build finished (finished-pages.ts): what it
 * recorded of them is taken as it is, and they are read only to be indexed.
 *
 * Pagefind writes the index in its own process (~0.6 s of a warm 1k rebuild, several seconds cold,
 * minutes at fleet size), while this one waits: `whileWriting` fills that wait.
 */
export async function buildSearchIndex(dir: string, options: SearchIndexOptions = {}): Promise<SearchIndexResult> {
  const { early = {}, whileWriting } = options;
  try {
    const files = options.pages ?? sitePages(dir);
    const at: Reading = { dir, unchanged: options.unchanged ?? new Map(), ...(options.last ? { last: options.last } : {}), hashes: new Map(), indexed: [] };
    const bundles: Bundle[] = [];
    for (const bundle of SEARCH_BUNDLES) bundles.push(await readBundle(bundle, files.filter((file) => bundleOf(file) === bundle), early[bundle], at));
    // Pagefind's own peak is while it writes: this process should not hold the garbage of reading
    // every page meanwhile. The young generation V8 grew for it stays allocated through a
    // collection; scripts/build.ts keeps that one small.
    collectGarbage();
    // With no document, the primary bundle's index is empty and Pagefind cannot search from it: the
    // lab's bundle keeps Pagefind's script and wasm, and leads (Search.astro).
    const leaderless = bundles.some((state) => state.bundle === PRIMARY_BUNDLE && state.pages.size === 0);
    const keep = (state: Bundle): KeptScripts => (state.bundle === PRIMARY_BUNDLE ? 'all' : leaderless ? 'engine' : 'none');
    const written = bundles.filter((state) => !state.kept);
    const records = () => whileWriting?.({ hashes: at.hashes, indexed: at.indexed });
    for (const [i, state] of written.entries()) await writeBundle(state, keep(state), i === written.length - 1 ? records : undefined);
    if (!written.length) records();
    // A bundle kept from a build by another Pagefind would be read by this one's scripts; one kept
    // from a build with documents has none of Pagefind's scripts to lead a search with.
    const version = written.length ? entryVersion(written[0]!.folder) : undefined;
    const unfit = (state: Bundle) =>
      version && entryVersion(state.folder) !== version
        ? `it was written by Pagefind ${entryVersion(state.folder)}, the other by ${version}`
        : keep(state) === 'engine' && !hasSearchEngine(state.folder)
          ? `it leads the search now that the ${PRIMARY_BUNDLE} bundle has no pages`
          : undefined;
    for (const state of bundles) {
      const why = state.kept ? unfit(state) : undefined;
      if (!why) continue;
      Object.assign(state, { kept: false, restarted: why });
      await indexAgain(state, dir);
      await writeBundle(state, keep(state));
    }
    const result = (state: Bundle): BundleIndexResult => {
      const entry = entrySha256(state.folder);
      if (!entry) throw new Error(`Pagefind wrote no ${path.join(state.folder, 'pagefind-entry.json')}`);
      const { pages, kept, early: fromEarly, restarted, stale, rewritten } = state;
      return { pages: pages.size, kept, early: fromEarly, ...(restarted ? { restarted } : {}), stale, ...(rewritten ? { rewritten } : {}), entry };
    };
    return {
      pages: bundles.reduce((n, state) => n + state.pages.size, 0),
      bundles: Object.fromEntries(bundles.map((state) => [state.bundle, result(state)])) as Record<SearchBundle, BundleIndexResult>,
      hashes: at.hashes,
      indexed: at.indexed,
    };
  } finally {
    await pagefind.close();
  }
}
