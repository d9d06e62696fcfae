import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file (no folders) under `dir`, as absolute paths, sorted; none when `dir` does not exist. */
export function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
}
