import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { renderDiagrams } from '../mermaid/render-diagrams.ts';
import { SERVICE_WORKER } from './offline-files.ts';
import { writeServiceWorker } from './offline.ts';
import { buildSearchIndex } from './search-index.ts';

/** What the steps after `astro build` need to know about it, handed over by the integration. */
export const FinishJobSchema = z.object({
  /** The built site (Astro's outDir, resolved). */
  dir: z.string().min(1),
  base: z.string().min(1),
  /** Where rendered diagrams are kept between builds. */
  cacheDir: z.string().min(1),
});
export type FinishJob = z.infer<typeof FinishJobSchema>;

/**
 * Set by `scripts/build.ts` (`npm run build`): a file the integration writes the job to instead of
 * running the steps inside Astro's process. Unset (a plain `astro build`), the steps run inline.
 */
export const FINISH_JOB_ENV = 'SCARBOOK_FINISH_JOB';

/** Hands the job over (deferred build); the caller then skips finishBuild. */
export async function writeFinishJob(file: string, job: FinishJob): Promise<void> {
  await writeFile(file, `${JSON.stringify(FinishJobSchema.parse(job))}\n`);
}

/** Reads a job back, saying which file and field is wrong rather than failing later on undefined. */
export function parseFinishJob(file: string, text: string): FinishJob {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${file}: not JSON (${(cause as Error).message}); it is written by the scarbook integration at the end of astro build.`, { cause });
  }
  const parsed = FinishJobSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: field "${issue.path.join('.') || '(root)'}": ${issue.message}; it is written by the scarbook integration at the end of astro build.`);
  }
  return parsed.data;
}

/**
 * The steps that read the finished pages, in order: diagrams rendered into them, then the search
 * index over them, then the offline copy, which lists every file (search index included).
 */
export async function finishBuild(job: FinishJob, log: (message: string) => void): Promise<void> {
  const started = performance.now();
  await renderDiagrams({ dir: job.dir, cacheDir: job.cacheDir, base: job.base, log });
  const search = await buildSearchIndex(job.dir);
  log(`search index: ${search.pages} pages (${Math.round(performance.now() - started)} ms with diagrams)`);
  const sw = await writeServiceWorker(job.dir, job.base);
  log(`offline copy: ${sw.files} files, ${(sw.bytes / 1e6).toFixed(1)} MB, build ${sw.version} (${SERVICE_WORKER})`);
}
