import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// One registry per process, on globalThis: within `astro build` the prerendered pages and the
// integrations are separate module graphs, so a module-level Set would not be seen by both.
const KEY = Symbol.for('scarbook.page-data-releasers');
type Scope = { [KEY]?: Set<() => void> };

/**
 * Registers how to drop a module's memoised page data (the merged lab graph, the architecture
 * facts), so the build can free it once every page is written.
 */
export function onReleasePageData(release: () => void): void {
  const scope = globalThis as Scope;
  (scope[KEY] ??= new Set()).add(release);
}

/**
 * Called from astro:build:done, after the last page: drops every registered memo and collects
 * garbage, so the post-build steps (Chromium for diagrams, Pagefind) do not run on top of a
 * heap that still holds the lab. At fleet size that heap was ~3 GiB while Pagefind needed as much.
 * A later call to a memoised function simply reads the data again.
 */
export function releasePageData(): void {
  const releasers = (globalThis as Scope)[KEY];
  for (const release of releasers ?? []) release();
  releasers?.clear();
  collectGarbage();
}

/** A full garbage collection now (the build's own processes are not started with --expose-gc). */
export function collectGarbage(): void {
  // --expose-gc at run time: Astro's process is started by `astro build`, and every caller's
  // process would otherwise need the flag on its command line.
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
