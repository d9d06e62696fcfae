import path from 'node:path';
import type { Entity } from '../../schemas/lab.ts';
import { SourceSnapshotSchema } from '../../schemas/lab.ts';
import { runCommand } from '../run-command.ts';
import { diffEntities, type LabChange } from './diff.ts';

export interface LabCommit { commit: string; date: string; subject: string; change: LabChange }

/** Every entity of every source snapshot in `dir` at a Git revision (empty before the first pull). */
async function entitiesAt(cwd: string, rev: string, dir: string): Promise<Entity[]> {
  const list = await runCommand('git', ['ls-tree', '--name-only', `${rev}:${dir}`], { cwd }).catch(() => '');
  const files = list.split('\n').filter((f) => f.endsWith('.json'));
  const snapshots = await Promise.all(files.map(async (f) => {
    const text = await runCommand('git', ['show', `${rev}:${dir}/${f}`], { cwd });
    const parsed = SourceSnapshotSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.entities : [];
  }));
  return snapshots.flat();
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
  return Promise.all(commits.map(async ([commit, date, subject]) => {
    const [before, after] = await Promise.all([entitiesAt(top, `${commit}^`, dir), entitiesAt(top, commit, dir)]);
    return { commit, date, subject, change: diffEntities(before, after) };
  }));
}
