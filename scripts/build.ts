/**
 * `npm run build` (also what the benchmark and the tests start): scripts/build/run-build.ts in a
 * Node whose young generation stays small, all arguments passed on.
 *
 * Why: that process hands every page to Pagefind, a few hundred kilobytes of strings per page, and
 * V8 grew its young generation to ~134 MB for it and kept it, empty, while Pagefind wrote the
 * index, which is Pagefind's own peak (3.7 GiB at fleet size): the build's peak was their sum.
 * With 2 MB semi-spaces that process stays at ~150 MB instead of ~300 MB. The flag has to be
 * given when Node starts, hence this one-file launcher.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const child = spawn(process.execPath, ['--max-semi-space-size=2', path.join(import.meta.dirname, 'build/run-build.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// Ctrl-C reaches both through the terminal; a TERM sent to this process alone (CI, a scheduler) is passed on.
for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => {
  process.exitCode = code ?? 1;
});
