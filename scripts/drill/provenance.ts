import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { runCommand } from '../../src/lib/run-command.ts';

/**
 * The lab the drill ran against: Git's tree hash of the lab snapshots (content/lab/sources) at
 * HEAD when they are committed and unchanged (`git:<tree>`), else a digest of the snapshot files
 * (`sha256:<digest>`); null with no lab. The snapshots, not all of content/lab: the journals live
 * there too, and committing one must not make the lab look different.
 */
export async function labSnapshot(contentPath: string): Promise<string | null> {
  const sources = path.join(contentPath, 'lab', 'sources');
  try {
    const top = (await runCommand('git', ['rev-parse', '--show-toplevel'], { cwd: contentPath, timeout: 10_000 })).trim();
    const rel = path.relative(top, sources).split(path.sep).join('/');
    const dirty = (await runCommand('git', ['status', '--porcelain', '--', rel], { cwd: top, timeout: 10_000 })).trim();
    const tree = (await runCommand('git', ['rev-parse', `HEAD:${rel}`], { cwd: top, timeout: 10_000 })).trim();
    if (!dirty && /^[0-9a-f]{40,64}$/.test(tree)) return `git:${tree}`;
  } catch {
    // not a Git checkout, or the snapshots are not committed yet: fall back to the files themselves
  }
  if (!existsSync(sources)) return null;
  const hash = createHash('sha256');
  for (const f of readdirSync(sources).filter((n) => n.endsWith('.json')).sort()) hash.update(`${f}\0`).update(readFileSync(path.join(sources, f))).update('\0');
  return `sha256:${hash.digest('hex')}`;
}

/** Who ran the drill: $SCARBOOK_OPERATOR, else Git's user.name, else the OS user. */
export async function operatorName(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<string> {
  if (env.SCARBOOK_OPERATOR?.trim()) return env.SCARBOOK_OPERATOR.trim();
  const git = await runCommand('git', ['config', 'user.name'], { cwd, timeout: 10_000 }).catch(() => '');
  if (git.trim()) return git.trim();
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
