import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

/** A folder worth backing up for restore tests: 30 files of different sizes in nested folders. */
export function writeSampleData(dir: string): void {
  for (let i = 0; i < 30; i++) {
    const sub = path.join(dir, i % 3 ? `photos/${2020 + (i % 4)}` : 'docs');
    mkdirSync(sub, { recursive: true });
    // Content that does not compress or deduplicate away: chained hashes.
    const parts: Buffer[] = [];
    let h = Buffer.from(`file-${i}`);
    for (let k = 0; k < 20 + i * 40; k++) parts.push((h = createHash('sha256').update(h).digest()));
    writeFileSync(path.join(sub, `f${String(i).padStart(2, '0')}.bin`), Buffer.concat(parts));
  }
}

/** The largest file under `dir` (restic pack / borg segment holding the data chunks). */
export function largestFile(dir: string): string {
  let best = { file: '', size: -1 };
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, rel);
    const st = statSync(file);
    if (st.isFile() && st.size > best.size) best = { file, size: st.size };
  }
  return best.file;
}
