import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, fsyncSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `file` so that a reader (or a pull killed half-way) sees the old content or the new,
 * never a torn file: write a temp file beside it, fsync, rename over.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
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
