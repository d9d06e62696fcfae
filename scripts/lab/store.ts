import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  LAB_SCHEMA_VERSION, PullStatusSchema, SourceSnapshotSchema,
  type PullStatus, type SourceSnapshot, type SourceStatus,
} from '../../src/schemas/lab.ts';
import type { RawOutput } from './collector.ts';
import { writeFileAtomic, writeFileAtomicSync, type AtomicWriteOptions } from './atomic-file.ts';
import { stableJson } from './stable-json.ts';

export const GENERATED_BY = 'scarbook lab:pull (machine-written: do not edit by hand)';

/** Where lab state lives under the content folder. */
export function labPaths(contentPath: string) {
  const lab = path.join(contentPath, 'lab');
  return {
    lab,
    sources: path.join(lab, 'sources'),
    snapshot: (name: string) => path.join(lab, 'sources', `${name}.json`),
    status: path.join(lab, 'pull-status.json'),
    lock: path.join(lab, '.pull.lock'),
  };
}

/** The last good snapshot of a source, or null when there is none (or it is unreadable). */
export function readSnapshot(file: string): SourceSnapshot | null {
  if (!existsSync(file)) return null;
  const parsed = SourceSnapshotSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

/** `fsync: false` when the caller syncs the folder once after many snapshots (see pull.ts). */
export async function writeSnapshot(file: string, snapshot: SourceSnapshot, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(file, stableJson(SourceSnapshotSchema.parse(snapshot)), options);
}

export function readStatus(file: string): Map<string, SourceStatus> {
  if (!existsSync(file)) return new Map();
  const parsed = PullStatusSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(parsed.success ? parsed.data.sources.map((s) => [s.name, s]) : []);
}

/** Synchronous, so a pull interrupted by a signal can still record how far it got. */
export function writeStatus(file: string, statuses: Map<string, SourceStatus>): void {
  const status: PullStatus = {
    schemaVersion: LAB_SCHEMA_VERSION,
    generatedBy: GENERATED_BY,
    sources: [...statuses.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
  writeFileAtomicSync(file, stableJson(status));
}

/** Raw output recorded by `--record`: one folder per source, one file per raw key. */
export function readRaw(dir: string, source: string): RawOutput {
  const folder = path.join(dir, source);
  if (!existsSync(folder)) throw new Error(`no recorded raw output for source "${source}" in ${folder}; record it first with \`npm run lab:pull -- --record ${dir}\``);
  return Object.fromEntries(readdirSync(folder).filter((f) => !f.startsWith('.') && f !== 'PROVENANCE.md').sort().map((f) => [f, readFileSync(path.join(folder, f), 'utf8')]));
}

export async function writeRaw(dir: string, source: string, raw: RawOutput): Promise<void> {
  for (const [name, text] of Object.entries(raw)) {
    if (name.includes('/') || name.startsWith('.')) throw new Error(`source ${source}: raw output key "${name}" is not a plain file name`);
    await writeFileAtomic(path.join(dir, source, name), text);
  }
}
