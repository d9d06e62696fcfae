/**
 * `npm run build` (also what the benchmark and the tests start). Two processes, side by side:
 * - `astro build`, started first. Everything loaded before it starts delays the whole build:
 *   started from run-build.ts (a second Node, a second TypeScript set-up, zod), it began ~0.29 s
 *   after `npm run build` did; from here, ~0.1 s.
 * - scripts/build/run-build.ts, which indexes pages for search while Astro runs and, once told
 *   here that Astro has exited (over IPC), runs the steps that read the finished pages.
 *
 * run-build.ts runs in a Node whose young generation stays small. That process hands every page
 * to Pagefind, a few hundred kilobytes of strings per page, and V8 grew its young generation to
 * ~134 MB for it and kept it, empty, while Pagefind wrote the index, which is Pagefind's own peak
 * (3.7 GiB at fleet size): the build's peak was their sum. With 2 MB semi-spaces that process
 * stays at ~150 MB instead of ~300 MB. The flag has to be given when Node starts, hence a launcher.
 *
 * Arguments go to `astro build` (run-build.ts reads `--force` among them).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FINISH_JOB_ENV } from '../src/integrations/finish-job-env.ts';
import { UNFINISHED_MARK } from '../src/integrations/out-dir.ts';
import { buildDirs } from '../src/lib/build-dirs.ts';
import { LAST_BUILD_FINISHED_ENV, type AstroExit } from './build/astro-exit.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
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
// Read before Astro marks its own build unfinished.
const lastBuildFinished = !existsSync(path.join(buildDirs(ROOT).cacheDir, UNFINISHED_MARK));

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
const finish = spawn(process.execPath, ['--max-semi-space-size=2', path.join(import.meta.dirname, 'build/run-build.ts'), ...args], {
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, [FINISH_JOB_ENV]: jobFile, [LAST_BUILD_FINISHED_ENV]: lastBuildFinished ? '1' : '0' },
});

const running = (child: typeof astro) => child.exitCode === null && child.signalCode === null;
// Either ends with 'exit', or with an 'error' and no process at all.
const ended = (child: typeof astro) => new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.once('error', () => child.pid === undefined && resolve());
});
const bothEnded = Promise.all([ended(astro), ended(finish)]);
// The first of Astro's ends reaches run-build.ts (which takes only one); it messages Astro's output.
const tell = (exit: AstroExit) => {
  if (finish.connected) finish.send(exit);
};
astro.once('error', (error) => tell({ code: null, signal: null, error: error.message }));
astro.once('exit', (code, signal) => tell({ code, signal }));
finish.once('error', (error) => {
  console.error(`Build failed: could not start ${path.join('scripts', 'build', 'run-build.ts')}: ${error.message}`);
  process.exitCode = 1;
});
// Without run-build.ts, nothing would finish Astro's pages: stop Astro (the build stays marked unfinished).
finish.once('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 128 + os.constants.signals[signal] : 1);
  if (running(astro)) astro.kill('SIGTERM');
});
// Ctrl-C reaches all three through the terminal; a TERM sent to this process alone (CI, a
// scheduler) is passed on. run-build.ts ignores it while Astro runs: it ends with Astro's report.
for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    for (const child of [astro, finish]) if (running(child)) child.kill(signal);
  });
}
await bothEnded;
rmSync(handOver, { recursive: true, force: true });
