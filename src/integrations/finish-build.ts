import { rmSync } from 'node:fs';
import { renderDiagrams } from '../mermaid/render-diagrams.ts';
import { SERVICE_WORKER } from './offline-files.ts';
import { writeServiceWorker } from './offline.ts';
import type { FinishJob } from './finish-job.ts';
import { finishedPages, readFinishedPages, sitePages, statPages, unchangedPages, writeFinishedPages } from './finished-pages.ts';
import { finishedBuild } from './out-dir.ts';
import { canWatchMemory } from './memory-watch.ts';
import { earlyIndexAllowed } from './search-early.ts';
import { buildSearchIndex, type PageIndex } from './search-index.ts';
import { searchManifest, writeSearchManifest } from './search-manifest.ts';

/** What `npm run build` indexed while Astro ran (search-early.ts). */
export type EarlySearch = Promise<{ early?: PageIndex; reason: string }>;

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
  let records: (() => void) | undefined;
  const search = await buildSearchIndex(job.dir, { early: early?.early, unchanged, pages, whileWriting: ({ hashes, indexed }) => {
    // Above the limit no build indexes early unless it can watch its memory: an older, smaller
    // record would only cost the next build a digest of the whole content folder.
    const manifest = earlyIndexAllowed(indexed.length, canWatchMemory()) ? searchManifest(job.root, job.contentPath, indexed) : undefined;
    const finished = finishedPages(statPages(job.dir, pages), hashes, indexed, diagrams.clientPages);
    records = () => {
      if (manifest) writeSearchManifest(job.searchManifest, manifest);
      else rmSync(job.searchManifest, { force: true });
      writeFinishedPages(job.finishedPages, finished);
    };
  } });
  const how = !early?.early ? '' : search.restarted ? `; indexed again from the start: ${search.restarted}` : `; ${search.early} indexed while Astro ran`;
  const reused = unchanged.size ? `; ${unchanged.size} of ${search.hashes.size} pages unchanged since the last build` : '';
  const stale = search.stale ? `; ${search.stale} files of the last index removed` : '';
  log(`search index: ${search.pages} pages${how}${reused}${stale} (${Math.round(performance.now() - started)} ms with diagrams)`);
  if (early && !early.early) log(`search index: nothing indexed while Astro ran (${early.reason})`);
  if (search.rewritten) log(`search index: written again into an emptied folder, as the files of the last one could not be told apart (${search.rewritten})`);
  const sw = await writeServiceWorker(job.dir, job.base, search.hashes);
  log(`offline copy: ${sw.files} files, ${(sw.bytes / 1e6).toFixed(1)} MB, build ${sw.version} (${SERVICE_WORKER})`);
  records!();
  finishedBuild(job.unfinishedMark);
}
