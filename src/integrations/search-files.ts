import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { decodeCbor } from '../lib/cbor.ts';
import { sha256 } from '../lib/file-digest.ts';
import { filesInside } from '../lib/files-under.ts';
import { inSearchFolder } from './search-bundles.ts';

/**
 * The search index's files between two builds.
 *
 * Pagefind names each page's fragment, each chunk of the word index, each filter and its
 * metadata by a hash of the content (`fragment/en_4a1b2c3.pf_fragment`), and does not write such
 * a file when one of that name is already there. Deleting the last build's index and writing it
 * all again took ~2 s of a ~9 s warm rebuild on the 1,000-runbook benchmark, nearly all of it the
 * kernel creating 1,220 files (`perf`: ext4 allocating each inode walks past those deleted in the
 * last 30 s, while Pagefind's writer threads wait on the folder's lock); with the files kept,
 * writing took ~0.6 s. So a rebuild keeps the search folders (out-dir.ts: a bundle whose pages
 * are unchanged is kept whole, search-bundles.ts), and once Pagefind has written, the
 * content-named files its new metadata does not name are deleted.
 */
const ENTRY = 'pagefind-entry.json';
const CONTENT_NAMED = /\.pf_(fragment|index|filter|meta)$/;

/** Whether a file of the site (path inside it, with `/`) is one Pagefind names by its content. */
export function isContentNamedSearchFile(file: string): boolean {
  return inSearchFolder(file) && CONTENT_NAMED.test(file);
}

// What Pagefind 1.x writes (pagefind-entry.json, and its metadata as CBOR). A file that does not
// read this way stops the pruning instead of guessing (the index is then written again from nothing).
const Hash = z.string().regex(/^[\w-]+_[0-9a-f]{7,}$/, 'a Pagefind file hash such as en_4a1b2c3');
const EntrySchema = z.object({
  version: z.string(),
  languages: z.record(z.string(), z.object({ hash: Hash, page_count: z.number().int().nonnegative() })),
});
const MetaSchema = z.tuple(
  [
    z.string(), // Pagefind's version
    z.array(z.tuple([Hash], z.unknown())), // pages: fragment hash, word count, …
    z.array(z.tuple([z.unknown(), z.unknown(), Hash], z.unknown())), // word index chunks: first word, last word, hash
    z.array(z.tuple([z.unknown(), Hash], z.unknown())), // filters: name, hash
  ],
  z.unknown(),
);
const META_SIGNATURE = 'pagefind_dcd';

function explain(file: string, error: z.ZodError): string {
  return `${file} is not laid out as Pagefind 1.x writes it: ${error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`;
}

/**
 * The files (paths inside `folder`, with `/`) that the search index written in `folder` uses:
 * its entry file and, per language, the metadata and every fragment, word index chunk and filter
 * the metadata names. Throws, naming the file, when one does not read as Pagefind 1.x writes it
 * or names a file that is not there.
 */
export function searchIndexFiles(folder: string): Set<string> {
  const entryFile = path.join(folder, ENTRY);
  const entry = EntrySchema.safeParse(JSON.parse(readFileSync(entryFile, 'utf8')));
  if (!entry.success) throw new Error(explain(entryFile, entry.error));
  const used = new Set([ENTRY]);
  for (const [language, { hash, page_count }] of Object.entries(entry.data.languages)) {
    const metaName = `pagefind.${hash}.pf_meta`;
    const metaFile = path.join(folder, metaName);
    const bytes = gunzipSync(readFileSync(metaFile));
    if (bytes.subarray(0, META_SIGNATURE.length).toString('latin1') !== META_SIGNATURE) throw new Error(`${metaFile} does not start with Pagefind's signature "${META_SIGNATURE}"`);
    const meta = MetaSchema.safeParse(decodeCbor(bytes.subarray(META_SIGNATURE.length)));
    if (!meta.success) throw new Error(explain(metaFile, meta.error));
    const [version, pages, chunks, filters] = meta.data;
    if (version !== entry.data.version) throw new Error(`${metaFile} is of Pagefind ${version}, its entry file of ${entry.data.version}`);
    if (pages.length !== page_count) throw new Error(`${metaFile} names ${pages.length} pages, the entry file counts ${page_count} for "${language}"`);
    used.add(metaName);
    for (const [page] of pages) used.add(`fragment/${page}.pf_fragment`);
    for (const chunk of chunks) used.add(`index/${chunk[2]}.pf_index`);
    for (const filter of filters) used.add(`filter/${filter[1]}.pf_filter`);
  }
  const missing = [...used].find((file) => !existsSync(path.join(folder, file)));
  if (missing) throw new Error(`the search index names ${missing}, which is not in ${folder}`);
  return used;
}

/**
 * What a bundle keeps of the scripts Pagefind writes into every bundle (search-bundles.ts): the
 * primary one all of them (the browser loads Pagefind's UI from it); another bundle none (~580 KB
 * the offline copy would carry twice), or only Pagefind's script, worker and wasm when it must
 * lead the search, the primary one having no pages.
 */
export type KeptScripts = 'all' | 'engine' | 'none';
const ENGINE = /^(pagefind\.js|pagefind-worker\.js|wasm\.[\w-]+\.pagefind)$/;

/** Whether a bundle's folder holds what it takes to lead a search (KeptScripts 'engine'). */
export function hasSearchEngine(folder: string): boolean {
  return existsSync(path.join(folder, 'pagefind.js'));
}

/**
 * After Pagefind has written its index into `folder`, over the files of the last one: deletes the
 * content-named files the new index does not use, and the scripts the bundle does not keep.
 * Returns how many of the last index's files went (Pagefind's scripts are not counted). Throws as
 * searchIndexFiles() does, before deleting anything.
 */
export function pruneSearchFiles(folder: string, keep: KeptScripts = 'all'): number {
  const used = searchIndexFiles(folder);
  const unused = filesInside(folder).filter((file) => !used.has(file));
  const stale = unused.filter((file) => CONTENT_NAMED.test(file));
  const script = (file: string) => !file.includes('/') && !CONTENT_NAMED.test(file);
  const scripts = keep === 'all' ? [] : unused.filter((file) => script(file) && !(keep === 'engine' && ENGINE.test(file)));
  for (const file of [...stale, ...scripts]) rmSync(path.join(folder, file));
  return stale.length;
}

/** sha256 of a bundle's entry file (it names the metadata, itself named by its content), or undefined when it is not there. */
export function entrySha256(folder: string): string | undefined {
  try {
    return sha256(readFileSync(path.join(folder, ENTRY)));
  } catch {
    return undefined;
  }
}

/** The Pagefind version that wrote a bundle (its entry file says it). */
export function entryVersion(folder: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(folder, ENTRY), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Whether the bundle in `folder` is still the one whose entry file had sha256 `recorded`, with
 * every file its index names. The pages it holds are the caller's to compare.
 */
export function bundleIntact(folder: string, recorded: string | undefined): boolean {
  if (!recorded || entrySha256(folder) !== recorded) return false;
  try {
    searchIndexFiles(folder);
    return true;
  } catch {
    return false;
  }
}
