import { renderDiagrams } from '../mermaid/render-diagrams.ts';
import { SERVICE_WORKER } from './offline-files.ts';
import { writeServiceWorker } from './offline.ts';
import type { FinishJob } from './finish-job.ts';
import { finishedBuild } from './out-dir.ts';
import { buildSearchIndex } from './search-index.ts';

/**
 * The steps that read the finished pages, in order: diagrams rendered into them, then the search
 * index over them, then the offline copy, which lists every file (search index included). Last,
 * the mark that the build is unfinished goes (out-dir.ts).
 */
export async function finishBuild(job: FinishJob, log: (message: string) => void): Promise<void> {
  const started = performance.now();
  await renderDiagrams({ dir: job.dir, cacheDir: job.cacheDir, base: job.base, log });
  const search = await buildSearchIndex(job.dir);
  log(`search index: ${search.pages} pages (${Math.round(performance.now() - started)} ms with diagrams)`);
  const sw = await writeServiceWorker(job.dir, job.base);
  log(`offline copy: ${sw.files} files, ${(sw.bytes / 1e6).toFixed(1)} MB, build ${sw.version} (${SERVICE_WORKER})`);
  finishedBuild(job.unfinishedMark);
}
