import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { commitAll, ROOT } from './generate.ts';
import { measureOk, type Measurement } from './measure.ts';

const ASTRO = path.join(ROOT, 'node_modules/astro/bin/astro.mjs');
const BUILD = path.join(ROOT, 'scripts/build.ts');
const PAGEFIND = path.join(ROOT, 'node_modules/pagefind/lib/runner/bin.cjs');
const TIMEOUT = 6 * 3600_000;

export interface BuildPaths { contentPath: string; out: string; cache: string }

/** `npm run build` of this project from another content folder, as tests/helpers/build-site.ts does. */
export function buildOurs(p: BuildPaths, cold: boolean): Promise<Measurement> {
  if (cold) {
    rmSync(p.out, { recursive: true, force: true });
    rmSync(p.cache, { recursive: true, force: true });
  }
  return measureOk(process.execPath, [BUILD], {
    cwd: ROOT,
    timeoutMs: TIMEOUT,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', SCARBOOK_CONTENT_DIR: p.contentPath, SCARBOOK_OUT_DIR: p.out, SCARBOOK_CACHE_DIR: p.cache },
  });
}

/** The bare project's cold build: `astro build`, then the Pagefind CLI over its output. */
export function buildBare(dir: string, p: BuildPaths): Promise<Measurement> {
  rmSync(p.out, { recursive: true, force: true });
  rmSync(p.cache, { recursive: true, force: true });
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return measureOk('sh', ['-c', `${q(process.execPath)} ${q(ASTRO)} build && ${q(process.execPath)} ${q(PAGEFIND)} --site ${q(p.out)}`], {
    cwd: dir,
    timeoutMs: TIMEOUT,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', BARE_CONTENT_DIR: p.contentPath, BARE_OUT_DIR: p.out, BARE_CACHE_DIR: p.cache },
  });
}

/** The one-runbook edit before a warm rebuild: a paragraph appended and committed, as an author would. */
export async function editRunbook(contentPath: string, file: string, run: number): Promise<void> {
  const full = path.join(contentPath, file);
  readFileSync(full, 'utf8'); // fail early, naming the file, if the sample runbook is missing
  appendFileSync(full, `\nEdited for the warm rebuild of benchmark run ${run}: the fix also needs a restart of the service afterwards.\n`);
  await commitAll(contentPath, `edit ${file} (run ${run})`);
}
