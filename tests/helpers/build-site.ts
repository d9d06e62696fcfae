import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../../src/lib/run-command.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** Where test builds go: inside the project (see buildSite), emptied when a test run starts. */
export const BUILDS_DIR = path.join(ROOT, 'node_modules', '.scarbook-builds');

export interface BuiltSite {
  /** Folder holding the built site. */
  dist: string;
  /** Everything Astro printed, for assertions on warnings and errors. */
  log: string;
  /** Wall-clock build time in milliseconds. */
  ms: number;
}

/**
 * Builds the site from `contentDir` into a fresh temporary folder with `npm run build`'s script
 * (a child process, as a user runs it), with its own cache so parallel builds never share state.
 * `plainAstro` runs `astro build` itself, which finishes the site inside Astro's process. `into`
 * builds again into a folder (from buildFolder) of an earlier build, its cache included.
 */
export async function buildSite(contentDir: string, options: { env?: Record<string, string>; name?: string; plainAstro?: boolean; into?: string } = {}): Promise<BuiltSite> {
  // Inside the project on purpose: for an outDir outside the working directory Astro puts its
  // prerender bundle in the shared ./.astro/.prerender, and parallel builds then break each other.
  mkdirSync(BUILDS_DIR, { recursive: true });
  const work = options.into ?? mkdtempSync(path.join(BUILDS_DIR, `${options.name ?? 'site'}-`));
  const dist = path.join(work, 'dist');
  const started = performance.now();
  const log = await runCommand(process.execPath, options.plainAstro ? [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'] : [path.join(ROOT, 'scripts/build.ts')], {
    cwd: ROOT,
    timeout: 600_000,
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      SCARBOOK_CONTENT_DIR: contentDir,
      SCARBOOK_OUT_DIR: dist,
      SCARBOOK_CACHE_DIR: path.join(work, 'cache'),
      ...options.env,
    } as Record<string, string>,
  });
  return { dist, log, ms: performance.now() - started };
}

/** A folder for builds that follow each other (buildSite's `into`), as an author's do. */
export function buildFolder(name: string): string {
  mkdirSync(BUILDS_DIR, { recursive: true });
  return mkdtempSync(path.join(BUILDS_DIR, `${name}-`));
}
