import path from 'node:path';
import type { Entity } from '../../schemas/lab.ts';
import { SourceSnapshotSchema } from '../../schemas/lab.ts';
import { readGitObjects } from '../git-objects.ts';
import { runCommand } from '../run-command.ts';
import { diffEntities, type LabChange } from './diff.ts';

export interface LabCommit { commit: string; date: string; subject: string; change: LabChange }

/** Blob ids of the source snapshots in `dir` at a Git revision (none before the first pull). */
async function snapshotBlobs(cwd: string, rev: string, dir: string): Promise<string[]> {
  const list = await runCommand('git', ['ls-tree', `${rev}:${dir}`], { cwd }).catch(() => '');
  return list.split('\n').flatMap((line) => {
    const m = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line);
    return m && m[2]!.endsWith('.json') ? [m[1]!] : [];
  });
}

/**
 * The lab's history from Git: for each commit that changed a source snapshot (newest first),
 * what appeared, disappeared, moved or changed. Outside a Git checkout: no history.
 */
export async function labHistory(contentPath: string, limit = 20): Promise<LabCommit[]> {
  const sources = path.join(contentPath, 'lab', 'sources');
  let top: string;
  let log: string;
  try {
    top = (await runCommand('git', ['rev-parse', '--show-toplevel'], { cwd: contentPath })).trim();
    log = await runCommand('git', ['log', `-n${limit}`, '--format=%H%x09%cI%x09%s', '--', sources], { cwd: top });
  } catch {
    return [];
  }
  const dir = path.relative(top, sources).split(path.sep).join('/');
  const commits = log.split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string, string]);
  const trees: { before: string[]; after: string[] }[] = [];
  for (const [commit] of commits) trees.push({ before: await snapshotBlobs(top, `${commit}^`, dir), after: await snapshotBlobs(top, commit, dir) });
  // A snapshot unchanged between commits is one blob: read and parse it once for the whole history.
  const texts = await readGitObjects(top, [...new Set(trees.flatMap((t) => [...t.before, ...t.after]))]);
  const parsed = new Map<string, Entity[]>();
  const entities = (oids: string[]): Entity[] =>
    oids.flatMap((oid) => {
      let list = parsed.get(oid);
      if (!list) {
        const result = SourceSnapshotSchema.safeParse(JSON.parse(texts.get(oid) ?? 'null'));
        list = result.success ? result.data.entities : [];
        parsed.set(oid, list);
      }
      return list;
    });
  return commits.map(([commit, date, subject], i) => ({ commit, date, subject, change: diffEntities(entities(trees[i]!.before), entities(trees[i]!.after)) }));
}
