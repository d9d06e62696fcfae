/**
 * `npm run build`'s own process, started by scripts/build.ts beside `astro build`: while Astro
 * runs, it indexes for search the pages Astro will keep (search-early.ts); once told that Astro has
 * exited, it runs the steps that read the finished pages (diagrams in Chromium, the Pagefind index,
 * the offline copy).
 *
 * Why not inside Astro's `astro:build:done`, as a plain `astro build` still does: a Node process
 * keeps the memory it grew to. Astro's peaked near 1 GiB on the 1,000-runbook benchmark (its
 * Vite step), and Chromium and Pagefind then ran on top of it: 1.8 GiB for the whole build. One
 * after the other, the build's peak is the larger of the two, not their sum.
 *
 * What it loads (Pagefind's driver, the finishing steps: ~0.4 s) overlaps Astro's own start.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FINISH_JOB_ENV } from '../../src/integrations/finish-job-env.ts';
import { buildDirs } from '../../src/lib/build-dirs.ts';
import { astroFailure, LAST_BUILD_FINISHED_ENV, type AstroExit } from './astro-exit.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const jobFile = process.env[FINISH_JOB_ENV];
if (!jobFile || !process.send) {
  console.error('scripts/build/run-build.ts finishes the pages of the astro build that scripts/build.ts starts beside it: run `npm run build`.');
  process.exit(1);
}
const args = process.argv.slice(2);
const { outDir, cacheDir } = buildDirs(ROOT);
const lastBuildFinished = process.env[LAST_BUILD_FINISHED_ENV] === '1';
// Listening before anything else loads: a message with no listener yet would be lost.
const astroExit = new Promise<AstroExit>((resolve) => {
  process.once('message', (exit: AstroExit) => {
    resolve(exit);
    process.disconnect();
  });
  process.once('disconnect', () => resolve({ code: null, signal: null, error: 'npm run build ended before Astro did' }));
});
let astroEnded = false;
void astroExit.then(() => (astroEnded = true));
// A TERM reaches both processes (scripts/build.ts passes it on): while Astro runs, this one waits
// for its report and ends as a failed build; after, it ends as it would without a handler (the
// build stays marked unfinished).
for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (astroEnded) process.exit(128 + os.constants.signals[signal]);
  });
}

const time = () => new Date().toTimeString().slice(0, 8);
const log = (m: string) => console.log(`${time()} [scarbook] ${m}`);
// The finishing steps are loaded while Astro runs too: ~0.13 s after Astro otherwise (3 MB;
// Chromium's driver is loaded only when a diagram needs rendering).
const [{ close: closePagefind }, { parseFinishJob }, { startEarlySearchIndex }, { loadSiteConfig }, { finishBuild }, memory] = await Promise.all([
  import('pagefind'),
  import('../../src/integrations/finish-job.ts'),
  import('../../src/integrations/search-early.ts'),
  import('../../src/lib/site-config.ts'),
  import('../../src/integrations/finish-build.ts'),
  import('../../src/integrations/memory-watch.ts'),
]);
// Pages of the last build Astro will keep go into the search index while it runs (search-early.ts).
// If Astro and Pagefind together grow past the budget (memory-watch.ts), the early index is
// dropped (Pagefind's process ended) and the index is made after Astro, as in a cold build.
let dropped: string | undefined;
let stopWatching: () => void = () => {};
const memoryWatched = memory.canWatchMemory();
const watch = () => {
  const budget = memory.memoryBudget();
  stopWatching = memory.watchMemory(process.pid, budget, (bytes) => {
    const size = (n: number) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GiB` : `${Math.round(n / 1024 ** 2)} MiB`);
    dropped = `dropped when Astro and Pagefind together held ${size(bytes)}, over the ${size(budget)} the build may use (SCARBOOK_EARLY_INDEX_MEMORY_MIB)`;
    void closePagefind();
  });
};
const earlyStarted = args.includes('--force')
  ? Promise.resolve({ reason: 'a forced build' })
  : startEarlySearchIndex({
      outDir,
      cacheDir,
      root: ROOT,
      contentPath: loadSiteConfig(ROOT).contentPath,
      lastBuildFinished,
      ...(memoryWatched ? { memoryWatched, onIndexing: watch } : {}),
    }).catch((error: Error) => ({ reason: `it failed: ${error.message}` }));
try {
  const exit = await astroExit;
  // Astro's memory is gone: what was indexed early is safe to keep, unless it was dropped already
  // (then its adding failed, or it finished with a Pagefind process that is no more).
  stopWatching();
  const earlySearch = earlyStarted.then((early) => (dropped ? { reason: dropped } : early));
  const failure = astroFailure(exit);
  if (failure) {
    console.error(`astro build failed${failure}; its messages are above.`);
    process.exitCode = exit.code || 1;
  } else {
    let text: string;
    try {
      text = readFileSync(jobFile, 'utf8');
    } catch {
      throw new Error(`astro build finished without handing over ${jobFile}: is the scarbook integration still in astro.config.mjs?`);
    }
    await finishBuild(parseFinishJob(jobFile, text), log, earlySearch);
  }
} catch (error) {
  console.error(`Build failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  // Else a failed build would wait forever on the Pagefind process the early index started.
  await closePagefind();
}
