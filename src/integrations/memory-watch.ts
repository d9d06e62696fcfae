import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Watches how much memory a build's own processes hold, so that work done beside Astro can be
 * dropped before the two together pass what the build may use.
 *
 * Why: the search index is made beside Astro when only documents changed (search-early.ts). At
 * the fleet benchmark's size Pagefind holds ~1.2 GiB once 12,736 pages are added, and Astro
 * ~1.6 GiB in a rebuild that renders a few pages: together well under 4 GiB. But an edit that
 * changes what many pages show (a title) makes Astro render every page again, up to ~3.4 GiB.
 * Which kind of edit it is shows only as Astro's memory grows, so that is what is watched.
 *
 * Resident set sizes from /proc (Linux): they count pages shared between processes (the Node
 * binary) more than once, which errs on the safe side. Elsewhere nothing can be watched.
 */
export function canWatchMemory(): boolean {
  return existsSync(`/proc/${process.pid}/status`);
}

/** Resident set size of a process in bytes, or 0 when it is gone. */
export function processRss(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** `root` and every process below it (children, their children…), from one pass over /proc. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The parent is the 2nd field after the command, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

const GiB = 1024 ** 3;

/**
 * Memory the build's processes may hold together while work runs beside Astro: 3.5 GiB (the
 * benchmark's limit is 4 GiB; the rest is margin for what grows between two looks), or 60 % of
 * the machine's memory if that is less. `SCARBOOK_EARLY_INDEX_MEMORY_MIB` sets it.
 */
export function memoryBudget(env: NodeJS.ProcessEnv = process.env): number {
  const set = env['SCARBOOK_EARLY_INDEX_MEMORY_MIB'];
  if (set !== undefined && set !== '') {
    const mib = Number(set);
    if (!Number.isFinite(mib) || mib <= 0) throw new Error(`SCARBOOK_EARLY_INDEX_MEMORY_MIB must be a positive number of MiB, not "${set}".`);
    return mib * 1024 ** 2;
  }
  return Math.min(3.5 * GiB, 0.6 * os.totalmem());
}

/**
 * Every `intervalMs`, sums the resident memory of `root`'s process tree; the first time it is
 * above `budget`, calls `onOver` with the sum, and stops. Returns a function that stops watching.
 */
export function watchMemory(root: number, budget: number, onOver: (bytes: number) => void, intervalMs = 500): () => void {
  const timer = setInterval(() => {
    const bytes = processTree(root).reduce((sum, pid) => sum + processRss(pid), 0);
    if (bytes <= budget) return;
    clearInterval(timer);
    onOver(bytes);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
