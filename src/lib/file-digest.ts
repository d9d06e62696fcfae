import { createHash, type Hash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { filesUnder } from './files-under.ts';

/** Hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Every file under `target` (or `target` itself when it is a file; nothing when it is missing),
 * byte for byte, with its path from `root`, into `hash`. `.git` folders and the absolute paths in
 * `skip` are left out. Digests of build inputs (page-key.ts, search-manifest.ts) are made of these.
 */
export function addFiles(hash: Hash, target: string, root: string, skip: ReadonlySet<string> = new Set()): void {
  const files = existsSync(target) && statSync(target).isFile() ? [target] : filesUnder(target);
  for (const file of files) {
    if (skip.has(file) || path.relative(target, file).split(path.sep).includes('.git')) continue;
    const bytes = readFileSync(file);
    hash.update(`file\0${path.relative(root, file)}\0${bytes.length}\0`).update(bytes);
  }
}
