import { renderDiagrams } from '../mermaid/render-diagrams.ts';
import { SERVICE_WORKER } from './offline-files.ts';
import { writeServiceWorker } from './offline.ts';
import type { FinishJob } from './finish-job.ts';
import { finishedPages, readFinishedPages, sitePages, statPages, unchangedPages, writeFinishedPages } from './finished-pages.ts';
import { finishedBuild } from './out-dir.ts';
import { SEARCH_BUNDLES } from './search-bundles.ts';
import { buildSearchIndex, type BundleIndexResult, type EarlyIndex } from './search-index.ts';
import { readSearchManifest, searchManifestPages, writeSearchManifest } from './search-manifest.ts';

/** What `npm run build` indexed while Astro ran (search-early.ts). */
export type EarlySearch = Promise<{ early?: EarlyIndex; reason: string }>;

/** One bundle's part of the log line. */
function bundleNote(name: string, bundle: BundleIndexResult, early: boolean): string {
  if (bundle.kept) return `${name} ${bundle.pages}, kept as the last build wrote it`;
  if (bundle.restarted) return `${name} ${bundle.pages}, indexed again from the start: ${bundle.restarted}`;
  return early ? `${name} ${bundle.pages}, ${bundle.early} of them indexed while Astro ran` : `${name} ${bundle.pages}`;
}

/**
 * The steps that read the finished pages, in order: diagrams rendered into them, then the search
 * index over them, then the offline copy, which lists every file (search index included). Last,
 * the records for the next build (of the search index, of the finished pages), and the mark that
 * the build is unfinished goes (out-dir.ts). Pages still as the last build finished them are not
 * read again (finished-pages.ts).
 */
export async function finishBuild(job: FinishJob, log: (message: string) => void, earlySearch?: EarlySearch): Promise<void> {
  const started = performance.now();
  // Listed once: the finishing steps add and remove no page (only the offline list, which also
  // takes in the search index's files, lists the folder again).
  const pages = sitePages(job.dir);
  const unchanged = unchangedPages(statPages(job.dir, pages), readFinishedPages(job.finishedPages));
  const changed = pages.filter((page) => !unchanged.has(page));
  const diagrams = await renderDiagrams({ dir: job.dir, cacheDir: job.cacheDir, base: job.base, log, pages: changed });
  const early = await earlySearch;
  // The records for the next build are made while Pagefind writes, and written once it has.
  let records: ((bundles: Parameters<typeof writeSearchManifest>[1]['bundles']) => void) | undefined;
  const last = readSearchManifest(job.searchManifest);
  const search = await buildSearchIndex(job.dir, { early: early?.early, unchanged, pages, ...(last ? { last } : {}), whileWriting: ({ hashes, indexed }) => {
    const manifest = searchManifestPages(job.root, job.contentPath, indexed);
    const finished = finishedPages(statPages(job.dir, pages), hashes, indexed, diagrams.clientPages);
    records = (bundles) => {
      writeSearchManifest(job.searchManifest, { ...manifest, bundles });
      writeFinishedPages(job.finishedPages, finished);
    };
  } });
  const bundles = SEARCH_BUNDLES.map((name) => bundleNote(name, search.bundles[name], !!early?.early?.[name])).join('; ');
  const reused = unchanged.size ? `; ${unchanged.size} of ${search.hashes.size} pages unchanged since the last build` : '';
  const stale = SEARCH_BUNDLES.reduce((n, name) => n + search.bundles[name].stale, 0);
  const removed = stale ? `; ${stale} files of the last index removed` : '';
  log(`search index: ${search.pages} pages (${bundles})${reused}${removed} (${Math.round(performance.now() - started)} ms with diagrams)`);
  if (early && !early.early) log(`search index: nothing indexed while Astro ran (${early.reason})`);
  for (const name of SEARCH_BUNDLES) {
    const { rewritten } = search.bundles[name];
    if (rewritten) log(`search index: the ${name} bundle written again into an emptied folder, as the files of the last one could not be told apart (${rewritten})`);
  }
  const sw = await writeServiceWorker(job.dir, job.base, search.hashes);
  log(`offline copy: ${sw.files} files, ${(sw.bytes / 1e6).toFixed(1)} MB, build ${sw.version} (${SERVICE_WORKER})`);
  records!({ documents: search.bundles.documents.entry, lab: search.bundles.lab.entry });
  finishedBuild(job.unfinishedMark);
}
