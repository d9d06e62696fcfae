import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UNFINISHED_MARK } from './out-dir.ts';
import { sha256 } from '../lib/file-digest.ts';
import { bundleOf, SEARCH_BUNDLES, type SearchBundle } from './search-bundles.ts';
import { addPage, createPageIndex, pagesInOrder, type EarlyIndex } from './search-index.ts';
import { inputsDigest, readSearchManifest, SEARCH_MANIFEST, sourceSha256, type ManifestPage } from './search-manifest.ts';

/**
 * Above this many indexed pages, pages are indexed early only where the build can watch its
 * memory (memory-watch.ts) and drop the early index before Astro and Pagefind together pass its
 * budget: Astro renders every page again after some edits (~3.4 GiB at the fleet benchmark, 12,736
 * indexed pages), and Pagefind holds ~1.2 GiB by then.
 */
export const MAX_EARLY_PAGES = 5_000;

export interface EarlyOptions {
  outDir: string;
  /** Astro's cache folder: the manifest and the unfinished-build mark are there. */
  cacheDir: string;
  root: string;
  contentPath: string;
  /**
   * Whether the last build finished, read before Astro started (Astro marks its own build
   * unfinished as it starts). Default: read now.
   */
  lastBuildFinished?: boolean;
  /** The caller drops the early index if memory runs short (memory-watch.ts): no page limit. */
  memoryWatched?: boolean;
  /** Called when pages start going into the early index (the caller starts watching memory then). */
  onIndexing?: () => void;
}

/**
 * Started by `npm run build` beside `astro build`. A rebuild after one runbook edit re-renders a
 * handful of pages, yet Pagefind has to index all of them again: on the 1,000-runbook benchmark
 * that was ~2.3 s of an 11 s rebuild, after Astro, while Astro itself leaves one of two cores idle.
 * So while Astro runs, this indexes the pages of the last build it expects Astro to keep:
 * - nothing when the last build did not finish, when there is no manifest of its index, or when
 *   anything but the documents themselves changed (inputsDigest: lab, journals, code, the hour);
 * - else, in each bundle (search-bundles.ts) where a page's document changed, each page of the
 *   manifest whose document is unchanged and whose file is still the bytes the manifest names. A
 *   bundle with no such change is expected to be kept whole (search-index.ts): nothing to index.
 * buildSearchIndex() then checks every one of them against the finished page, and starts the bundle
 * again from nothing if any differs. Without `early`, nothing was indexed; `reason` says why, for the log.
 * Call it just before starting Astro, or pass `lastBuildFinished` read before.
 */
export async function startEarlySearchIndex(options: EarlyOptions): Promise<{ early?: EarlyIndex; reason: string }> {
  const { outDir, cacheDir, root, contentPath } = options;
  const lastBuildFinished = options.lastBuildFinished ?? !existsSync(path.join(cacheDir, UNFINISHED_MARK));
  if (!lastBuildFinished) return { reason: 'the last build did not finish' };
  const manifest = readSearchManifest(path.join(cacheDir, SEARCH_MANIFEST));
  if (!manifest) return { reason: 'no record of the last search index' };
  if (manifest.pages.length > MAX_EARLY_PAGES && !options.memoryWatched) return { reason: `more than ${MAX_EARLY_PAGES} pages, and memory cannot be watched here` };
  // Hashing the inputs waits for the caller's next turn, so Astro starts first.
  await new Promise((resolve) => setImmediate(resolve));
  const sources = new Set(manifest.pages.flatMap((page) => (page.source ? [page.source] : [])));
  if (inputsDigest(root, contentPath, sources) !== manifest.inputs) return { reason: 'more than documents changed' };
  const expected = new Map<SearchBundle, ManifestPage[]>(SEARCH_BUNDLES.map((bundle) => [bundle, []]));
  const changing = new Set<SearchBundle>();
  for (const page of manifest.pages) {
    const bundle = bundleOf(page.file);
    if (page.source && sourceSha256(contentPath, page.source) !== page.sourceSha256) changing.add(bundle);
    else expected.get(bundle)!.push(page);
  }
  const unchanged = SEARCH_BUNDLES.filter((bundle) => !changing.has(bundle)).map((bundle) => `the ${bundle} bundle's ${expected.get(bundle)!.length}`);
  const kept = unchanged.length ? `; ${unchanged.join(' and ')} expected unchanged` : '';
  if (!changing.size) return { reason: `no document changed${kept}` };
  options.onIndexing?.();
  const early: EarlyIndex = {};
  let added = 0;
  for (const bundle of changing) {
    const index = (early[bundle] = await createPageIndex());
    const recorded = new Map(expected.get(bundle)!.map((page) => [page.file, page.sha256]));
    await pagesInOrder(
      [...recorded.keys()],
      (file) => readFile(path.join(outDir, file)).catch(() => undefined),
      async (file, bytes) => {
        const hash = bytes && sha256(bytes);
        if (hash === recorded.get(file)) await addPage(index, file, bytes!, hash);
      },
    );
    added += index.added.size;
  }
  return { early, reason: `${added} of ${manifest.pages.length} pages indexed while Astro ran${kept}` };
}
