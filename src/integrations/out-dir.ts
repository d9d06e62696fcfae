import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../lib/files-under.ts';
import { inSearchFolder } from './search-bundles.ts';

/**
 * The output folder between two builds.
 *
 * Astro empties it before every build. With the incremental build (src/lib/page-key.ts) that meant
 * deleting every page, then copying nearly all of them back from Astro's cache: ~4 s of a 15 s
 * rebuild on the 1,000-runbook benchmark, all file-system calls. Astro keeps a page that is still
 * in the folder when its key is unchanged, so instead (astro.config.mjs turns Astro's emptying off):
 * - before the build, the pages stay, and so do the search index's folders (search-files.ts:
 *   Pagefind writes only the files it has not got, the build deletes those no longer used, and a
 *   bundle whose pages are unchanged is kept whole, search-bundles.ts); every other file goes (scripts, styles, the offline list: all rewritten by every
 *   build), but for a `.git` checkout;
 * - after it, the pages this build did not produce are deleted (a runbook removed, a host gone);
 * - a build that does not finish leaves its mark in the cache folder, and the next build starts
 *   from an empty folder: it may have left a page half-written.
 * tests/build/incremental.test.ts compares the result with a cold build after each of these.
 */
export const UNFINISHED_MARK = 'scarbook-build-unfinished';

/** A Git checkout in the output folder (a gh-pages worktree) is not ours to delete; Astro spares it too. */
const inGit = (outDir: string, file: string) => path.relative(outDir, file).split(path.sep)[0] === '.git';

/** Deletes folders left empty under `dir` (deepest first), not `dir` itself. One listing per folder. */
function removeEmptyFolders(dir: string): void {
  const emptied = (folder: string): boolean => {
    let left = 0;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && !inGit(dir, full) && emptied(full)) rmSync(full, { recursive: true });
      else left += 1;
    }
    return left === 0;
  };
  emptied(dir);
}

/** Files of a finished build the next one keeps: its pages, and the search index's. */
const kept = (outDir: string, file: string) => file.endsWith('.html') || inSearchFolder(path.relative(outDir, file).split(path.sep).join('/'));

/**
 * Before Astro writes anything: keeps the pages of the last build when it finished, else empties
 * the folder. Leaves the mark until finishedBuild. Returns which it did, for the log.
 */
export function startBuild(outDir: string, cacheDir: string): 'kept the pages of the last build' | 'emptied' {
  const mark = path.join(cacheDir, UNFINISHED_MARK);
  const lastFinished = existsSync(outDir) && !existsSync(mark);
  for (const file of filesUnder(outDir)) {
    if (!inGit(outDir, file) && !(lastFinished && kept(outDir, file))) rmSync(file, { force: true });
  }
  if (existsSync(outDir)) removeEmptyFolders(outDir);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(mark, `A build into ${outDir} (process ${process.pid}) started and has not finished.\n`);
  return lastFinished ? 'kept the pages of the last build' : 'emptied';
}

/**
 * After Astro has written its pages: deletes the HTML files it did not write or keep this time.
 * `written` are the files of every page of this build; files copied from `publicDir` stay.
 */
export function pruneOldPages(outDir: string, written: ReadonlySet<string>, publicDir: string): string[] {
  const removed: string[] = [];
  for (const file of filesUnder(outDir)) {
    if (!file.endsWith('.html') || written.has(file) || inGit(outDir, file) || existsSync(path.join(publicDir, path.relative(outDir, file)))) continue;
    rmSync(file, { force: true });
    removed.push(path.relative(outDir, file));
  }
  if (removed.length) removeEmptyFolders(outDir);
  return removed.sort();
}

/** The build finished (`mark` is the job's `unfinishedMark`): the next one may keep its pages. */
export function finishedBuild(mark: string): void {
  rmSync(mark, { force: true });
}
