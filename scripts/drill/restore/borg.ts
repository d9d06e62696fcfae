import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'astro/zod';
import type { RestoreAction } from '../../../src/schemas/restore.ts';
import { stripUrlCredentials } from '../../lab/redact.ts';
import { step, timeoutProblem, toolWords, type ToolContext, type ToolRestore } from './tool-run.ts';

const ListSchema = z.object({ archives: z.array(z.object({ name: z.string(), start: z.string() })) });

/** Why borg failed, in words that say what to do next. */
function borgProblem(stderr: string, action: RestoreAction, archive: string): string {
  const repo = stripUrlCredentials(action.repository);
  if (/passphrase supplied in .* is incorrect|passphrase.*incorrect/i.test(stderr)) {
    const v = action.password_env ?? 'BORG_PASSPHRASE';
    return `the passphrase in ${v} does not open the borg repository ${repo} (borg: "passphrase … is incorrect"). Set ${v} to this repository's passphrase; without it (and the key) this backup cannot be restored.`;
  }
  if (/Repository .* does not exist|is not a valid repository/i.test(stderr)) {
    return `there is no borg repository at ${repo} (borg: ${toolWords(stderr, 1)}). Check the drill's repository, and that the backup disk is mounted.`;
  }
  if (/never matched/i.test(stderr)) {
    return `borg archive ${archive} does not hold ${action.path} (borg: ${toolWords(stderr, 1)}): the path is not backed up there. Check the backup job's paths, or the drill's path (it must be the path as backed up).`;
  }
  if (/Archive .* does not exist/i.test(stderr)) {
    return `borg repository ${repo} has no archive "${archive}" (borg: ${toolWords(stderr, 1)}). List them with \`borg list ${repo}\` and fix the drill's snapshot.`;
  }
  if (/integrity|checksum mismatch|MAC/i.test(stderr)) {
    return `borg could not read archive ${archive}: ${toolWords(stderr, 1)}. The repository is damaged: run \`borg check --verify-data ${repo}\` to see what is lost, then back up again.`;
  }
  return `borg failed extracting archive ${archive} of ${repo}: ${toolWords(stderr)}. Run \`borg check ${repo}\` and read its output.`;
}

/**
 * Extracts `action.path` from the newest archive (or the named one) into `ctx.scratch`. Borg
 * stores paths without the leading `/` and extracts relative to its working directory.
 */
export async function restoreBorg(action: RestoreAction, ctx: ToolContext, binary = 'borg'): Promise<ToolRestore> {
  const inArchive = action.path.replace(/^\/+/, '');
  const restored = path.join(ctx.scratch, inArchive);
  let archive = action.snapshot;
  let snapshotTime: Date | null = null;
  const args = action.snapshot === 'latest' ? ['list', '--json', '--last', '1', action.repository] : ['info', '--json', `${action.repository}::${action.snapshot}`];
  const list = await step(binary, args, ctx);
  if (!list.ok) return { snapshot: archive, snapshotTime, restored, problem: list.timedOut ? timeoutProblem('borg', 'listing archives', ctx) : borgProblem(list.message, action, archive) };
  const parsed = ListSchema.safeParse(JSON.parse(list.stdout || 'null'));
  const newest = parsed.success ? parsed.data.archives.at(-1) : undefined;
  if (!newest) return { snapshot: archive, snapshotTime, restored, problem: `borg repository ${stripUrlCredentials(action.repository)} has no archives: the backup job has never completed. Check its log and run it.` };
  archive = newest.name;
  // borg prints local time without a zone; Date reads it as local time too.
  snapshotTime = new Date(newest.start);
  const run = await step(binary, ['extract', `${action.repository}::${archive}`, inArchive], ctx, ctx.scratch);
  if (!run.ok) return { snapshot: archive, snapshotTime, restored, problem: run.timedOut ? timeoutProblem('borg', `extracting archive ${archive}`, ctx) : borgProblem(run.message, action, archive) };
  if (!existsSync(restored)) return { snapshot: archive, snapshotTime, restored, problem: `borg extracted nothing of ${action.path} from archive ${archive}: check the drill's path is spelled as in \`borg list ${stripUrlCredentials(action.repository)}::${archive}\`.` };
  return { snapshot: archive, snapshotTime, restored };
}
