import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /**
   * fsync the data before the rename (default). Without it the write is still atomic for readers
   * and for a process killed half-way (rename is atomic); only an OS crash or power cut right after
   * could leave an empty file, which the reader reports by name. See `syncDirectory` in scripts/lab/atomic-file.ts.
   */
  fsync?: boolean;
}

/**
 * Writes `file` so that a reader (or a pull killed half-way) sees the old content or the new,
 * never a torn file: write a temp file beside it, fsync, rename over. The folder is created only
 * when the first open says it is missing (a mkdir per file cost 25 s over 6,622 snapshots).
 */
export async function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  writeFileAtomicSync(file, text, options);
}

/**
 * The same, synchronously: for a signal handler that must write before the process exits. `text`
 * may come in pieces, so that a large file is never one string in memory.
 */
export function writeFileAtomicSync(file: string, text: string | Iterable<string>, options: AtomicWriteOptions = {}): void {
  // A random part, not the clock: site code reads the time only from the build clock (page-key.test.ts).
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(path.dirname(file), { recursive: true });
    fd = openSync(tmp, 'w');
  }
  try {
    try {
      for (const piece of typeof text === 'string' ? [text] : text) writeFileSync(fd, piece);
      if (options.fsync ?? true) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    // A full disk, say: no half-written temp file left beside the real one.
    rmSync(tmp, { force: true });
    throw error;
  }
}
