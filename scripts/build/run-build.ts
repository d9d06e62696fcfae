/**
 * `npm run build` (started by scripts/build.ts): `astro build` in a child process, then, once it
 * has exited, the steps that read the finished pages (diagrams in Chromium, the Pagefind index,
 * the offline copy) in this one.
 *
 * Why not inside Astro's `astro:build:done`, as a plain `astro build` still does: a Node process
 * keeps the memory it grew to. Astro's peaked near 1 GiB on the 1,000-runbook benchmark (its
 * Vite step), and Chromium and Pagefind then ran on top of it: 1.8 GiB for the whole build. One
 * after the other, the build's peak is the larger of the two, not their sum. Arguments go to
 * `astro build`.
 *
 * Astro starts before this process loads anything else (Pagefind's driver, the finishing steps):
 * loading those took ~0.4 s, which now overlaps Astro's own start.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FINISH_JOB_ENV } from '../../src/integrations/finish-job.ts';
import { UNFINISHED_MARK } from '../../src/integrations/out-dir.ts';
import { buildDirs } from '../../src/lib/build-dirs.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ASTRO = path.join(ROOT, 'node_modules/astro/bin/astro.mjs');
/**
 * V8 lets a busy heap grow well past what it keeps alive before collecting: at fleet size Astro's
 * process reached 4.23 GiB, the build's peak. Growing the heap by at most 50 % per collection and
 * a 16 MB young generation took it to 3.77 GiB, for 8 % more time (498 s against 463 s).
 */
const ASTRO_NODE_FLAGS = ['--heap-growing-percent=50', '--max-semi-space-size=16'];

const args = process.argv.slice(2);
const handOver = mkdtempSync(path.join(os.tmpdir(), 'scarbook-build-'));
const jobFile = path.join(handOver, 'finish.json');
const { outDir, cacheDir } = buildDirs(ROOT);
// Read before Astro marks its own build unfinished.
const lastBuildFinished = !existsSync(path.join(cacheDir, UNFINISHED_MARK));

const astro = spawn(process.execPath, [...ASTRO_NODE_FLAGS, ASTRO, 'build', ...args], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {
    ...process.env,
    [FINISH_JOB_ENV]: jobFile,
    // Vite's bundler (rolldown) allocates with mimalloc, which by default keeps freed memory for
    // a while; returning it at once took ~100 MB off Astro's peak on the 1k benchmark.
    MIMALLOC_PURGE_DELAY: process.env.MIMALLOC_PURGE_DELAY ?? '0',
  },
});
const astroExit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
  astro.once('error', (error) => resolve({ code: null, signal: null, error }));
  astro.once('exit', (code, signal) => resolve({ code, signal }));
});
// A TERM sent to this process alone (scripts/build.ts passes it on) ends Astro too; after Astro,
// it ends this process as it would without a handler (the build stays marked unfinished).
for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (astro.exitCode === null && astro.signalCode === null) astro.kill(signal);
    else process.exit(128 + os.constants.signals[signal]);
  });
}

const time = () => new Date().toTimeString().slice(0, 8);
const log = (m: string) => console.log(`${time()} [scarbook] ${m}`);
// The finishing steps too, while Astro runs: loading them took ~0.13 s, after Astro otherwise
// (3 MB; Chromium's driver is loaded only when a diagram needs rendering).
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
  if (exit.error || exit.code !== 0) {
    const how = exit.error ? ` to start: ${exit.error.message}` : exit.code === null ? ` (${exit.signal ?? 'no exit code'})` : ` with exit code ${exit.code}`;
    console.error(`astro build failed${how}; its messages are above.`);
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
  rmSync(handOver, { recursive: true, force: true });
}
