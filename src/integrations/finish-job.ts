import { writeFile } from 'node:fs/promises';
import { z } from 'zod';

/** What the steps after `astro build` need to know about it, handed over by the integration. */
export const FinishJobSchema = z.object({
  /** The built site (Astro's outDir, resolved). */
  dir: z.string().min(1),
  base: z.string().min(1),
  /** Where rendered diagrams are kept between builds. */
  cacheDir: z.string().min(1),
  /** The file that says this build has not finished (out-dir.ts), deleted as its last step. */
  unfinishedMark: z.string().min(1),
  /** Where the record of the search index goes, for the next build (search-manifest.ts). */
  searchManifest: z.string().min(1),
  /** Where the record of the finished pages goes, for the next build (finished-pages.ts). */
  finishedPages: z.string().min(1),
  /** The project and its content folder, whose files the search manifest digests. */
  root: z.string().min(1),
  contentPath: z.string().min(1),
});
export type FinishJob = z.infer<typeof FinishJobSchema>;

/** Hands the job over (deferred build); the caller then skips finishBuild. */
export async function writeFinishJob(file: string, job: FinishJob): Promise<void> {
  await writeFile(file, `${JSON.stringify(FinishJobSchema.parse(job))}\n`);
}

const WRITTEN_BY = 'it is written by the scarbook integration at the end of astro build';

/** Reads a job back, saying which file and field is wrong rather than failing later on undefined. */
export function parseFinishJob(file: string, text: string): FinishJob {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${file}: not JSON (${(cause as Error).message}); ${WRITTEN_BY}.`, { cause });
  }
  const parsed = FinishJobSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: field "${issue.path.join('.') || '(root)'}": ${issue.message}; ${WRITTEN_BY}.`);
  }
  return parsed.data;
}
