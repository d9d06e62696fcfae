import { statSync } from 'node:fs';

/**
 * A file's identity without reading it: size, modification time (nanoseconds) and inode, as Git's
 * index trusts a file. The records that let a rebuild skip reading unchanged files (the finished
 * pages, the content found valid) keep it.
 */
export function fileIdentity(file: string): string {
  const s = statSync(file, { bigint: true });
  return `${s.size}:${s.mtimeNs}:${s.ino}`;
}

/** When a record was written: its file's own modification time; 0 when it is missing. */
export function writtenAt(record: string): bigint {
  try {
    return statSync(record, { bigint: true }).mtimeNs;
  } catch {
    return 0n;
  }
}

/**
 * Whether an identity recorded in a record written at `recordWritten` can be trusted when it
 * still matches. Like Git, not when the file changed no earlier than the record: the kernel stamps
 * files with a clock that ticks every few milliseconds, so a write in the same tick as the
 * record's would leave the same size and time behind.
 */
export function trustworthy(identity: string, recordWritten: bigint): boolean {
  return BigInt(identity.split(':')[1] ?? '0') < recordWritten;
}
