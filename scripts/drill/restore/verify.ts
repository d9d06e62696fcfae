import path from 'node:path';
import type { Manifest } from './manifest.ts';
import { chooseSample, listTree, sha256File } from './tree.ts';

/** What restored files are compared with: a live folder, or a manifest written at backup time. */
export type Reference = { live: string } | { manifest: Manifest; file: string };

export interface Verification {
  files: number;
  bytes: number;
  checksumsCompared: number;
  /** Absent when the restore matches its reference. */
  problem?: string;
}

interface RefFile {
  size: number;
  sha256: () => Promise<string>;
  /** Live files only: when they last changed, to tell "changed since the backup" from "backup is wrong". */
  mtimeMs?: number;
}

async function referenceFiles(ref: Reference): Promise<Map<string, RefFile>> {
  if ('manifest' in ref) return new Map(ref.manifest.files.map((f) => [f.path, { size: f.size, sha256: async () => f.sha256 }]));
  const tree = await listTree(ref.live);
  return new Map(tree.map((f) => [f.path, { size: f.size, mtimeMs: f.mtimeMs, sha256: () => sha256File(path.join(ref.live, f.path)) }]));
}

const some = (list: string[], n = 3) => `${list.slice(0, n).join(', ')}${list.length > n ? ` and ${list.length - n} more` : ''}`;

/**
 * Compares a restored folder with its reference: the same file list, the same sizes, and the same
 * sha256 for a deterministic sample. A mismatch is reported in words, never thrown: a backup that
 * does not match is the finding the drill exists to make.
 */
export async function verifyRestore(restored: string, ref: Reference, sample: number, snapshotTime: Date | null): Promise<Verification> {
  const got = await listTree(restored);
  const want = await referenceFiles(ref);
  const files = got.length;
  const bytes = got.reduce((n, f) => n + f.size, 0);
  const what = 'live' in ref ? `the live folder ${ref.live}` : `the manifest ${ref.file}`;
  const gotPaths = new Set(got.map((f) => f.path));
  const missing = [...want.keys()].filter((p) => !gotPaths.has(p));
  const extra = got.map((f) => f.path).filter((p) => !want.has(p));
  const sizeDiff = got.filter((f) => want.has(f.path) && want.get(f.path)!.size !== f.size).map((f) => f.path);
  const common = got.map((f) => f.path).filter((p) => want.has(p) && !sizeDiff.includes(p));
  const picked = chooseSample(common, sample);
  const hashDiff: string[] = [];
  for (const p of picked) if ((await sha256File(path.join(restored, p))) !== (await want.get(p)!.sha256())) hashDiff.push(p);

  const problems: string[] = [];
  if (files === 0 && want.size > 0) problems.push(`nothing was restored, but ${what} has ${want.size} files`);
  else {
    if (missing.length) problems.push(`${missing.length} file(s) in ${what} are not in the restore (${some(missing)})`);
    if (extra.length) problems.push(`${extra.length} restored file(s) are not in ${what} (${some(extra)})`);
    if (sizeDiff.length) problems.push(`${sizeDiff.length} file(s) differ in size (${some(sizeDiff)})`);
    if (hashDiff.length) problems.push(`${hashDiff.length} of ${picked.length} sampled file(s) differ in content (${some(hashDiff)})`);
  }
  const result: Verification = { files, bytes, checksumsCompared: picked.length };
  if (!problems.length) return result;
  result.problem = `restored ${files} files (${bytes} bytes) do not match ${what}: ${problems.join('; ')}. ${nextStep(ref, [...sizeDiff, ...hashDiff], want, snapshotTime)}`;
  return result;
}

/** What to do about a mismatch: live data that moved on since the snapshot is not a broken backup. */
function nextStep(ref: Reference, changed: string[], want: Map<string, RefFile>, snapshotTime: Date | null): string {
  if ('manifest' in ref) return 'The backup does not hold what the manifest says was backed up: check the backup job\'s log for that run, then run the repository\'s own check (restic check --read-data / borg check --verify-data).';
  const since = snapshotTime ? changed.filter((p) => (want.get(p)?.mtimeMs ?? 0) > snapshotTime.getTime()) : [];
  if (changed.length && since.length === changed.length) {
    return 'Every differing file changed after the snapshot was taken, so the live data has moved on: back up again and re-run, or verify against a manifest written at backup time.';
  }
  if (since.length) return `${since.length} of the differing files changed after the snapshot was taken, the others did not: those backup copies are wrong. Run the repository's own check and back up again.`;
  return 'If the live data changed since the snapshot, back up again and re-run, or verify against a manifest written at backup time; otherwise the backup is incomplete or damaged.';
}
