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
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { close as closePagefind } from 'pagefind';
import { FINISH_JOB_ENV, parseFinishJob } from '../../src/integrations/finish-job.ts';
import { startEarlySearchIndex } from '../../src/integrations/search-early.ts';
import { buildDirs } from '../../src/lib/build-dirs.ts';
import { loadSiteConfig } from '../../src/lib/site-config.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ASTRO = path.join(ROOT, 'node_modules/astro/bin/astro.mjs');
/**
 * V8 lets a busy heap grow well past what it keeps alive before collecting: at fleet size Astro's
 * process reached 4.23 GiB, the build's peak. Growing the heap by at most 50 % per collection and
 * a 16 MB young generation took it to 3.77 GiB, for 8 % more time (498 s against 463 s).
 */
const ASTRO_NODE_FLAGS = ['--heap-growing-percent=50', '--max-semi-space-size=16'];

const time = () => new Date().toTimeString().slice(0, 8);
const log = (m: string) => console.log(`${time()} [scarbook] ${m}`);
const args = process.argv.slice(2);
const handOver = mkdtempSync(path.join(os.tmpdir(), 'scarbook-build-'));
const jobFile = path.join(handOver, 'finish.json');
// Pages of the last build Astro will keep go into the search index while it runs (search-early.ts).
const { outDir, cacheDir } = buildDirs(ROOT);
const earlySearch = args.includes('--force')
  ? Promise.resolve({ reason: 'a forced build' })
  : startEarlySearchIndex({ outDir, cacheDir, root: ROOT, contentPath: loadSiteConfig(ROOT).contentPath }).catch((error: Error) => ({
      reason: `it failed: ${error.message}`,
    }));
try {
  const astro = await execa(process.execPath, [...ASTRO_NODE_FLAGS, ASTRO, 'build', ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    reject: false,
    // Added to this process's environment.
    env: {
      [FINISH_JOB_ENV]: jobFile,
      // Vite's bundler (rolldown) allocates with mimalloc, which by default keeps freed memory for
      // a while; returning it at once took ~100 MB off Astro's peak on the 1k benchmark.
      MIMALLOC_PURGE_DELAY: process.env.MIMALLOC_PURGE_DELAY ?? '0',
    },
  });
  if (astro.exitCode !== 0) {
    console.error(`astro build failed${astro.exitCode === undefined ? ` (${astro.signal ?? 'no exit code'})` : ` with exit code ${astro.exitCode}`}; its messages are above.`);
    process.exitCode = astro.exitCode || 1;
  } else {
    let text: string;
    try {
      text = readFileSync(jobFile, 'utf8');
    } catch {
      throw new Error(`astro build finished without handing over ${jobFile}: is the scarbook integration still in astro.config.mjs?`);
    }
    // Imported now: Chromium's driver need not sit in this process while Astro runs.
    const { finishBuild } = await import('../../src/integrations/finish-build.ts');
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
