import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

// Atomic writes live in src/lib, for the build's own records too; the lab's scripts take them from here.
export { writeFileAtomic, writeFileAtomicSync, type AtomicWriteOptions } from '../../src/lib/atomic-write.ts';

/** fsync a folder, so the renames made in it survive a power cut (once, after many writes). */
export function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    // Some file systems refuse fsync on a folder (EINVAL, EISDIR): nothing more can be done there.
    if (!['EINVAL', 'EISDIR', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    closeSync(fd);
  }
}

/** A lock held by this process; `release()` in a finally. */
export interface Lock { release(): void }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One pull at a time: an exclusive lock file holding our PID. A lock left by a process that
 * no longer exists (a pull killed with -9) is taken over; a live one is refused with its PID.
 */
export async function acquireLock(file: string): Promise<Lock> {
  await mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new Error(`another lab pull is running (PID ${holder}, lock ${file}); wait for it to finish, or remove the lock if that process is not a pull.`);
      }
      rmSync(file, { force: true }); // stale lock from a dead pull
    }
  }
  throw new Error(`could not take the pull lock ${file}`);
}
