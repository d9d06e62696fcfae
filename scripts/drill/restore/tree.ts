import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** One regular file of a folder, by its path relative to the folder (always with `/`). */
export interface TreeFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Every regular file under `root`, sorted by path. Symlinks, sockets and devices are not data a
 * restore can be checked against byte for byte, so they are left out on both sides alike.
 */
export async function listTree(root: string): Promise<TreeFile[]> {
  const out: TreeFile[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(abs, relPath);
      else if (entry.isFile()) {
        const st = await lstat(abs);
        out.push({ path: relPath, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
  }
  await walk(root, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** sha256 of a file's content, hex, streamed so a large file does not fill memory. */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * `n` paths chosen the same way on every run: ordered by a hash of the path, so the sample is
 * spread over the whole tree rather than the first folder, and a re-run checks the same files.
 */
export function chooseSample(paths: readonly string[], n: number): string[] {
  const key = (p: string) => createHash('sha256').update(p).digest('hex');
  return [...paths]
    .map((p) => [key(p), p] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([, p]) => p)
    .sort();
}
