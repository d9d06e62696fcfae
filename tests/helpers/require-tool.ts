import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { inCI } from './browser.ts';

/** Absolute path of `name` on PATH (or in the sbin folders root tools live in), or null. */
export function which(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/bin'];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // keep looking
    }
  }
  return null;
}

/**
 * A real server or tool a test needs (dockerd, prometheus, caddy, restic…): its path, or 'skip'
 * with a message on a laptop without it. Under CI a missing tool fails the run: nothing real is skipped.
 */
export function toolOrSkip(name: string, install: string, suite = name): string | 'skip' {
  const found = which(name);
  if (found) return found;
  if (inCI()) throw new Error(`[${suite}] CI is set but \`${name}\` is not installed. ${install}. Tests of real servers must not be skipped in CI.`);
  console.warn(`\n[${suite}] \`${name}\` not found: SKIPPING these tests. ${install} to run them.\n`);
  return 'skip';
}
