import { statSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './run-command.ts';

export interface LastChange {
  date: Date;
  /** False when the file has changes Git has not recorded yet (the date is then the file's mtime). */
  committed: boolean;
}

const MARK = '\u0001';

/**
 * Last commit date of every file under `dir`, from ONE `git log` walk (a thousand runbooks must
 * not mean a thousand git processes). Paths are absolute. Outside a Git checkout: an empty map.
 */
export async function readLastChanges(dir: string): Promise<Map<string, Date>> {
  const dates = new Map<string, Date>();
  let top: string;
  let log: string;
  try {
    top = (await runCommand('git', ['rev-parse', '--show-toplevel'], { cwd: dir })).trim();
    log = await runCommand('git', ['-c', 'core.quotePath=false', 'log', `--format=${MARK}%cI`, '--name-only', '--no-renames', '--', '.'], { cwd: dir, timeout: 120_000 });
  } catch {
    return dates;
  }
  let current: Date | null = null;
  for (const line of log.split('\n')) {
    if (line.startsWith(MARK)) current = new Date(line.slice(1));
    else if (line && current) {
      const file = path.join(top, line);
      // git log lists newest first: the first date seen for a file is its last change.
      if (!dates.has(file)) dates.set(file, current);
    }
  }
  return dates;
}

/** Paths (absolute) with uncommitted changes under `dir`. */
async function readDirty(dir: string): Promise<Set<string>> {
  try {
    const top = (await runCommand('git', ['rev-parse', '--show-toplevel'], { cwd: dir })).trim();
    const out = await runCommand('git', ['status', '--porcelain', '-z', '--untracked-files=all', '--', '.'], { cwd: dir });
    return new Set(out.split('\0').filter(Boolean).map((entry) => path.join(top, entry.slice(3))));
  } catch {
    return new Set();
  }
}

let cache: Promise<{ dates: Map<string, Date>; dirty: Set<string> }> | null = null;
let cachedDir = '';

/** "Last updated" of a content file: its last commit, or its mtime while it has uncommitted changes. */
export async function lastChange(file: string, contentDir: string): Promise<LastChange> {
  if (!cache || cachedDir !== contentDir) {
    cachedDir = contentDir;
    cache = Promise.all([readLastChanges(contentDir), readDirty(contentDir)]).then(([dates, dirty]) => ({ dates, dirty }));
  }
  const { dates, dirty } = await cache;
  const abs = path.resolve(file);
  const committed = dates.get(abs);
  if (committed && !dirty.has(abs)) return { date: committed, committed: true };
  return { date: statSync(abs).mtime, committed: false };
}
