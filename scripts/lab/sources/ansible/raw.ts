import type { RawOutput } from '../../collector.ts';
import type { Facts } from './facts.ts';

/**
 * The collector's raw output is compact, not Ansible's documents: 7,000 fact files of 15–60 kB
 * would make a 300 MB recording, and most of each (environment, SSH keys, ethtool features)
 * must never be stored anyway. `fetch` reduces each file as it reads it; the raw output is
 *
 * - `hosts.ndjson`: one line per host, sorted by inventory name ({@link HostRecord});
 * - `collection.json`: when and from where it was read, and what was skipped ({@link Collection}).
 *
 * Two files whatever the fleet size: `--record` writes them and `--replay` reads them back.
 */
export const HOSTS_FILE = 'hosts.ndjson';
export const COLLECTION_FILE = 'collection.json';

export interface HostRecord {
  /** Inventory name: the file name in factsDir, or the name before ` | ` in ad-hoc output. */
  host: string;
  /** Where it was read, for messages: `web01` (a file of factsDir) or `setup.txt:120` (a line). */
  from: string;
  /** Modification time of the file (ISO): the age of facts without `ansible_date_time`. */
  mtime: string | null;
  result: 'facts' | 'unreachable' | 'failed' | 'invalid';
  /** Ansible's message (unreachable, failed) or why the file could not be read (invalid). */
  message?: string;
  /** Allow-listed facts (see facts.ts), with `result: 'facts'`. */
  facts?: Facts;
}

export interface Skipped {
  from: string;
  reason: string;
}

export interface Collection {
  /** When fetch read the facts: the age of each host's facts is measured against it, so replays agree. */
  collectedAt: string;
  input: { factsDir: string } | { adhocOutput: string };
  hosts: number;
  /** Files (or ad-hoc blocks) that were not host facts, first 100; `skippedCount` has them all. */
  skipped: Skipped[];
  skippedCount: number;
}

const MAX_SKIPPED_LISTED = 100;

/**
 * When one inventory name is read twice (`web01` and `web01.json`, or two runs in one ad-hoc
 * file), facts beat failures and newer facts beat older ones.
 */
function better(a: HostRecord, b: HostRecord): HostRecord {
  if ((a.result === 'facts') !== (b.result === 'facts')) return a.result === 'facts' ? a : b;
  const epoch = (r: HostRecord) => Number((r.facts?.['ansible_date_time'] as { epoch?: string } | undefined)?.epoch ?? 0);
  return epoch(b) >= epoch(a) ? b : a;
}

export function encodeRaw(records: HostRecord[], collection: Omit<Collection, 'hosts' | 'skippedCount'>): RawOutput {
  const byHost = new Map<string, HostRecord>();
  for (const r of records) {
    const prev = byHost.get(r.host);
    byHost.set(r.host, prev ? better(prev, r) : r);
  }
  const sorted = [...byHost.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  const skipped = [...collection.skipped].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const meta: Collection = { ...collection, hosts: sorted.length, skipped: skipped.slice(0, MAX_SKIPPED_LISTED), skippedCount: skipped.length };
  return {
    [HOSTS_FILE]: sorted.map((r) => JSON.stringify(r)).join('\n') + (sorted.length ? '\n' : ''),
    [COLLECTION_FILE]: `${JSON.stringify(meta, null, 2)}\n`,
  };
}

export function decodeRaw(raw: RawOutput, source: string): { records: HostRecord[]; collection: Collection } {
  const metaText = raw[COLLECTION_FILE];
  const hostsText = raw[HOSTS_FILE];
  if (metaText === undefined || hostsText === undefined) {
    throw new Error(`ansible source ${source}: the raw output lacks ${metaText === undefined ? COLLECTION_FILE : HOSTS_FILE}; re-record it with \`npm run lab:pull -- --record <dir>\``);
  }
  const collection = JSON.parse(metaText) as Collection;
  const records = hostsText.split('\n').filter((l) => l.trim() !== '').map((line, i) => {
    try {
      return JSON.parse(line) as HostRecord;
    } catch (error) {
      throw new Error(`ansible source ${source}: ${HOSTS_FILE} line ${i + 1} is not JSON (${(error as Error).message}); re-record it.`, { cause: error });
    }
  });
  return { records, collection };
}
