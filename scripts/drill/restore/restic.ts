import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'astro/zod';
import type { RestoreAction } from '../../../src/schemas/restore.ts';
import { stripUrlCredentials } from '../../lab/redact.ts';
import { step, timeoutProblem, toolWords, type ToolContext, type ToolRestore } from './tool-run.ts';

const SnapshotsSchema = z.array(z.object({ id: z.string(), short_id: z.string().optional(), time: z.string(), paths: z.array(z.string()) }));

/** `/srv/data` is in a snapshot of `/srv` too: a snapshot covers a path when one of its paths is the path or above it. */
const covers = (paths: string[], p: string) => paths.some((s) => p === s || p.startsWith(s.endsWith('/') ? s : `${s}/`));

/** Why restic failed, in words that say what to do next. */
function resticProblem(stderr: string, action: RestoreAction, snapshot: string): string {
  const repo = stripUrlCredentials(action.repository);
  if (/wrong password or no key found/i.test(stderr)) {
    const v = action.password_env ?? 'RESTIC_PASSWORD';
    return `the password in ${v} does not open the restic repository ${repo} (restic: "wrong password or no key found"). Set ${v} to this repository's password; if nobody has it, this backup cannot be restored.`;
  }
  if (/unable to open config file|Is there a repository at the following location/i.test(stderr)) {
    return `there is no restic repository at ${repo} (restic: ${toolWords(stderr, 2)}). Check the drill's repository, and that the backup disk or server is mounted and reachable.`;
  }
  if (/no matching ID found|no snapshot found/i.test(stderr)) {
    return `restic repository ${repo} has no snapshot "${snapshot}" (restic: ${toolWords(stderr, 1)}). List them with \`restic -r ${repo} snapshots\` and fix the drill's snapshot.`;
  }
  const broken = [...stderr.matchAll(/ignoring error for (\S+): (.+)/g)].filter((m) => !/UtimesNano|Lchown|Chmod/.test(m[2]!));
  if (broken.length) {
    const list = broken.slice(0, 3).map((m) => `${m[1]}: ${m[2]}`).join('; ');
    return `restic could not restore ${broken.length} file(s) of snapshot ${snapshot} (${list}${broken.length > 3 ? '; …' : ''}): the repository is damaged. Run \`restic -r ${repo} check --read-data\` to find the broken packs, then back up again.`;
  }
  return `restic failed restoring snapshot ${snapshot} of ${repo}: ${toolWords(stderr)}. Run \`restic -r ${repo} check\` and read its output.`;
}

/**
 * Restores `action.path` from the newest snapshot that covers it (or the named one) with
 * `restic restore --verify`, into `ctx.scratch`. `--no-cache`: the drill tests the repository,
 * not what a local cache remembers of it.
 */
export async function restoreRestic(action: RestoreAction, ctx: ToolContext, binary = 'restic'): Promise<ToolRestore> {
  const base = ['-r', action.repository, '--no-cache'];
  const restored = path.join(ctx.scratch, action.path);
  const none: ToolRestore = { snapshot: action.snapshot, snapshotTime: null, restored };
  const list = await step(binary, [...base, 'snapshots', '--json', ...(action.snapshot === 'latest' ? [] : [action.snapshot])], ctx);
  if (!list.ok) return { ...none, problem: list.timedOut ? timeoutProblem('restic', 'listing snapshots', ctx) : resticProblem(list.message, action, action.snapshot) };
  const parsed = SnapshotsSchema.safeParse(JSON.parse(list.stdout || 'null'));
  if (!parsed.success) return { ...none, problem: `restic snapshots --json printed something this drill cannot read; is ${binary} really restic (0.14 or newer)?` };
  const candidates = parsed.data.filter((s) => covers(s.paths, action.path)).sort((a, b) => b.time.localeCompare(a.time));
  const chosen = candidates[0];
  if (!chosen) {
    const which = action.snapshot === 'latest' ? 'no snapshot' : `snapshot ${action.snapshot} does not`;
    return { ...none, problem: `restic repository ${stripUrlCredentials(action.repository)} has ${which} cover ${action.path}: the path is not backed up there. Check the backup job's paths, or the drill's path (it must be the path as backed up).` };
  }
  const snapshot = chosen.short_id ?? chosen.id.slice(0, 8);
  const done = { snapshot, snapshotTime: new Date(chosen.time), restored };
  const run = await step(binary, [...base, 'restore', chosen.id, '--target', ctx.scratch, '--include', action.path, '--verify'], ctx);
  if (!run.ok) return { ...done, problem: run.timedOut ? timeoutProblem('restic', `restoring snapshot ${snapshot}`, ctx) : resticProblem(run.message, action, snapshot) };
  if (!existsSync(restored)) return { ...done, problem: `restic restored nothing of ${action.path} from snapshot ${snapshot}: check the drill's path is spelled as in \`restic ls ${snapshot}\`.` };
  return done;
}
