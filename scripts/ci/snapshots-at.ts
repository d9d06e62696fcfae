import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SourceSnapshotSchema, type Entity } from '../../src/schemas/lab.ts';
import { runCommand } from '../../src/lib/run-command.ts';

export interface SnapshotFile {
  /** File name in the sources folder (`docker-nas.json`). */
  name: string;
  text: string;
  entities: Entity[];
}

/** Where a revision's snapshots come from: a Git revision, or `null` for the working tree. */
export type Revision = string | null;

function parse(text: string, where: string): Entity[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where} is not valid JSON (${(e as Error).message}). Snapshots are machine-written: run \`npm run lab:pull\` again, or restore the file from Git.`);
  }
  const parsed = SourceSnapshotSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where} is not a lab snapshot (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}). Run \`npm run lab:pull\` again, or restore the file from Git.`);
  return parsed.data.entities;
}

/** A revision as the user typed it must exist; an unknown one is an error, not an empty lab. */
export async function verifyRevision(root: string, rev: string): Promise<void> {
  await runCommand('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: root }).catch((e: unknown) => {
    throw new Error(`no commit "${rev}" in ${root}: give a commit, branch or tag (HEAD, HEAD~1, main, a hash).`, { cause: e });
  });
}

/**
 * Every source snapshot in `sourcesDir` (relative to the repository root, `/`-separated) at a
 * revision, by file name. A revision before the first pull has none.
 */
export async function snapshotsAt(root: string, sourcesDir: string, rev: Revision): Promise<Map<string, SnapshotFile>> {
  const out = new Map<string, SnapshotFile>();
  if (rev === null) {
    const dir = path.join(root, sourcesDir);
    if (!existsSync(dir)) return out;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const text = readFileSync(path.join(dir, name), 'utf8');
      out.set(name, { name, text, entities: parse(text, `${sourcesDir}/${name}`) });
    }
    return out;
  }
  await verifyRevision(root, rev);
  // A folder that did not exist yet at that revision is an empty lab, not an error.
  const list = await runCommand('git', ['ls-tree', '--name-only', `${rev}:${sourcesDir}`], { cwd: root }).catch(() => '');
  for (const name of list.split('\n').filter((f) => f.endsWith('.json')).sort()) {
    const text = await runCommand('git', ['show', `${rev}:${sourcesDir}/${name}`], { cwd: root });
    out.set(name, { name, text, entities: parse(text, `${sourcesDir}/${name} at ${rev}`) });
  }
  return out;
}
