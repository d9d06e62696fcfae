import path from 'node:path';
import { changeMarkdown, commitSubject, diffEntities, isEmptyChange, type LabChange } from '../../src/lib/lab/diff.ts';
import { runCommand } from '../../src/lib/run-command.ts';
import { snapshotsAt, type Revision } from './snapshots-at.ts';

export interface LabDiff {
  change: LabChange;
  /** Snapshot files that differ (added, removed or rewritten), by source file name. */
  files: string[];
  /** One line for a commit message: `lab: 3 containers added on nas, pihole image 2024.07 → 2025.02`. */
  subject: string;
  /** Every change in Markdown (commit body, step summary); empty when nothing changed. */
  body: string;
}

const label = (rev: Revision) => (rev === null ? 'the working tree' : `\`${rev}\``);

/**
 * What changed in the lab between two snapshot revisions (default: HEAD → the working tree),
 * with the same diff and summary the site's "What changed" page shows.
 */
export async function labDiff(options: { root: string; contentPath: string; from?: Revision; to?: Revision }): Promise<LabDiff> {
  const from = options.from === undefined ? 'HEAD' : options.from;
  const to = options.to ?? null;
  const top = (await runCommand('git', ['rev-parse', '--show-toplevel'], { cwd: options.root }).catch((e: unknown) => {
    throw new Error(`${options.root} is not a Git checkout: lab:diff compares snapshot commits, so run it inside the repository.`, { cause: e });
  })).trim();
  const sourcesDir = path.relative(top, path.join(options.contentPath, 'lab', 'sources')).split(path.sep).join('/');
  const [before, after] = await Promise.all([snapshotsAt(top, sourcesDir, from), snapshotsAt(top, sourcesDir, to)]);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const files = names.filter((n) => before.get(n)?.text !== after.get(n)?.text);
  const change = diffEntities([...before.values()].flatMap((s) => s.entities), [...after.values()].flatMap((s) => s.entities));
  const sources = files.map((f) => f.replace(/\.json$/, ''));
  const subject = !isEmptyChange(change) ? commitSubject(change) : files.length ? `lab: details changed in ${sources.join(', ')}` : 'lab: no change';
  const lines = [`Lab changes from ${label(from)} to ${label(to)}${files.length ? `, in the snapshots of ${sources.map((s) => `\`${s}\``).join(', ')}` : ''}.`, ''];
  if (!isEmptyChange(change)) lines.push(changeMarkdown(change));
  else if (files.length) lines.push('No entity appeared, disappeared, moved or changed state, image, version or health; other facts did (see the snapshot diff).', '');
  return { change, files, subject, body: files.length ? lines.join('\n') : '' };
}

/** Subject, blank line, body: a commit message, and what `npm run lab:diff` prints. */
export function message(diff: LabDiff): string {
  return diff.body ? `${diff.subject}\n\n${diff.body}` : `${diff.subject}\n`;
}
