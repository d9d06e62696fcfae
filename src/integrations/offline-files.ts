import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { mapLimit } from '../lib/bounded-concurrency.ts';
import { sha256 } from '../lib/file-digest.ts';
import { filesInside } from '../lib/files-under.ts';
import path from 'node:path';

/**
 * Paths whose file names change whenever their content does: Astro's bundles (`_astro/`) and
 * Pagefind's index chunks and metadata (`pagefind/fragment|index|filter/…`, `pagefind.en_<hash>.pf_meta`,
 * and the same in the lab's bundle, `pagefind-lab/`: search-bundles.ts).
 * Everything else keeps its name across builds (pages, `pagefind.js`, `pagefind-entry.json`,
 * `wasm.en.pagefind`) and must be revalidated. deploy/nginx and deploy/caddy say the same in their
 * own syntax; tests/deploy checks all three agree on every file of a real build.
 */
export const HASHED_PATH = /(^|\/)(_astro\/|pagefind(-lab)?\/(fragment|index|filter)\/|pagefind(-lab)?\/pagefind\.[^/]+\.pf_meta$)/;

export const SERVICE_WORKER = 'sw.js';

export interface PrecacheEntry {
  /** Site URL the browser asks for: `/runbooks/dns/dns-outage/` for `runbooks/dns/dns-outage/index.html`. */
  url: string;
  /** Path inside the built site, with `/`. */
  file: string;
  bytes: number;
  /** Absent for a file whose name changes whenever its content does (HASHED_PATH): its name says it. */
  sha256?: string;
}

/** The URL a browser requests for a built file: folders for `index.html` pages, under `base`. */
export function fileUrl(file: string, base: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  if (file === 'index.html') return prefix;
  if (file.endsWith('/index.html')) return prefix + file.slice(0, -'index.html'.length);
  return prefix + file;
}

/** Size and sha256 of files by their path inside the site (with `/`). */
export type KnownFiles = ReadonlyMap<string, { bytes: number; sha256: string }>;

/**
 * Every file of the built site except the service worker itself, sorted by path. Read only when
 * needed: `known` files were read since they were last written, and a file under HASHED_PATH is
 * named by its content (a warm 1k rebuild read 1,200 Pagefind fragments again for nothing).
 */
export async function precacheEntries(dir: string, base: string, known: KnownFiles = new Map()): Promise<PrecacheEntry[]> {
  const names = filesInside(dir)
    // Dot files are never served, and a Caddy or nginx precompressed `.gz` twin is not a URL of its own.
    .filter((f) => f !== SERVICE_WORKER && !f.split('/').some((s) => s.startsWith('.')) && !/\.(gz|br|zst)$/.test(f))
    .sort();
  // Bounded: a fleet's 45,000 files opened at once ran out of file handles (EMFILE).
  return mapLimit(names, 32, async (file) => {
    const seen = known.get(file);
    if (seen) return { url: fileUrl(file, base), file, ...seen };
    if (HASHED_PATH.test(file)) return { url: fileUrl(file, base), file, bytes: (await stat(path.join(dir, file))).size };
    const data = await readFile(path.join(dir, file));
    return { url: fileUrl(file, base), file, bytes: data.length, sha256: sha256(data) };
  });
}

/** One hash of every path and content: the service worker's cache name changes exactly when the site does. */
export function buildHash(entries: readonly PrecacheEntry[]): string {
  const hash = createHash('sha256');
  for (const e of entries) hash.update(`${e.file}\0${e.sha256 ?? 'named by its content'}\n`);
  return hash.digest('hex').slice(0, 16);
}
