import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { oneLine, readDocument } from './facts.ts';
import type { HostRecord, Skipped } from './raw.ts';

/** Files read at once: enough to hide disk latency, few enough that 7,000 documents never sit in memory together. */
export const POOL_SIZE = 32;

/** Runs `work` on every item with at most `limit` running at once; results in input order. */
export async function mapPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Names that are never fact files: hidden files (`.web01.swp`, `.gitkeep`), editor backups,
 * documentation. Everything else is judged by its content.
 */
function skipByName(name: string): string | null {
  if (name.startsWith('.')) return 'hidden file';
  if (/(~|\.swp|\.swo|\.bak|\.orig|\.tmp|\.retry)$/i.test(name)) return 'editor, backup or retry file';
  if (/^readme\b/i.test(name) || /\.(md|txt|rst|ya?ml|ini|cfg)$/i.test(name)) return 'documentation or configuration, not facts';
  return null;
}

/** The inventory name a file stands for: `--tree` and the fact cache name files after the host; `.json` is tolerated. */
export function inventoryName(file: string): string {
  return file.replace(/\.json$/i, '');
}

type FileOutcome = { record: HostRecord } | { skipped: Skipped };

async function readOne(dir: string, name: string): Promise<FileOutcome> {
  const file = path.join(dir, name);
  const host = inventoryName(name);
  let text: string;
  let mtime: string | null = null;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { skipped: { from: name, reason: info.isDirectory() ? 'a directory (not read recursively)' : 'not a regular file' } };
    mtime = info.mtime.toISOString();
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { record: { host, from: name, mtime, result: 'invalid', message: `${name}: cannot be read (${code})` } };
  }
  const start = text.search(/\S/);
  if (start < 0) return { record: { host, from: name, mtime, result: 'invalid', message: `${name}: empty file (an interrupted ansible run?)` } };
  // A fact file is a JSON object; a README, a retry file or a JSON list is not even trying to be one.
  if (text[start] !== '{') return { skipped: { from: name, reason: text[start] === '[' ? 'a JSON list, not a fact file' : 'not JSON' } };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { record: { host, from: name, mtime, result: 'invalid', message: `${name}: not valid JSON (${oneLine((error as Error).message, 120)})` } };
  }
  const reading = readDocument(doc);
  if (reading.result === 'other') return { skipped: { from: name, reason: reading.reason } };
  if (reading.result === 'facts') return { record: { host, from: name, mtime, result: 'facts', facts: reading.facts } };
  return { record: { host, from: name, mtime, result: reading.result, message: reading.message } };
}

/**
 * A directory of `ansible -m setup --tree DIR` files or Ansible's jsonfile fact cache: one file
 * per host, named after it. Each file is read, reduced to its compact record and let go.
 */
export async function readFactsDir(dir: string, source: string, limit = POOL_SIZE): Promise<{ records: HostRecord[]; skipped: Skipped[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be listed (${code ?? (error as Error).message})`;
    throw new Error(`ansible source ${source}: factsDir ${dir} ${why}. Set factsDir to the directory of \`ansible all -m setup --tree DIR\` or to fact_caching_connection of the jsonfile fact cache.`, { cause: error });
  }
  const skipped: Skipped[] = [];
  const candidates: string[] = [];
  for (const name of names) {
    const reason = skipByName(name);
    if (reason) skipped.push({ from: name, reason });
    else candidates.push(name);
  }
  const outcomes = await mapPool(candidates, limit, (name) => readOne(dir, name));
  const records: HostRecord[] = [];
  for (const o of outcomes) {
    if ('record' in o) records.push(o.record);
    else skipped.push(o.skipped);
  }
  return { records, skipped };
}
