/**
 * `npm run ci:commit-lab`: after `npm run lab:pull`, commits the new snapshots as a bot when the
 * lab changed, with `lab:diff`'s summary as the message. Writes `changed`, `subject` and `commit`
 * to $GITHUB_OUTPUT and the change to $GITHUB_STEP_SUMMARY when those are set (GitHub, Gitea and
 * Forgejo Actions set them). Nothing changed: no commit, exit 0.
 */
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { loadSiteConfig } from '../../src/lib/site-config.ts';
import { runCommand } from '../../src/lib/run-command.ts';
import { labDiff, message, type LabDiff } from './lab-change.ts';

export interface BotIdentity { name: string; email: string }

/** The committer of lab snapshots unless the workflow names another (`SCARBOOK_BOT_NAME`, `SCARBOOK_BOT_EMAIL`). */
export function botIdentity(env: NodeJS.ProcessEnv = process.env): BotIdentity {
  return { name: env.SCARBOOK_BOT_NAME || 'scarbook-bot', email: env.SCARBOOK_BOT_EMAIL || 'scarbook-bot@users.noreply.localhost' };
}

export interface CommitResult { diff: LabDiff; commit: string | null }

/** Commits the pulled snapshots (and the pull status beside them) when any snapshot changed. */
export async function commitLab(options: { root: string; contentPath: string; identity: BotIdentity }): Promise<CommitResult> {
  const diff = await labDiff({ root: options.root, contentPath: options.contentPath });
  if (diff.files.length === 0) return { diff, commit: null };
  const lab = path.join(options.contentPath, 'lab');
  // Only what the pull writes: a person's uncommitted edits elsewhere never ride along.
  const paths = [path.join(lab, 'sources'), path.join(lab, 'pull-status.json')].filter((p) => existsSync(p)).map((p) => path.relative(options.root, p));
  const { name, email } = options.identity;
  const env = { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
  await runCommand('git', ['add', '--all', '--', ...paths], { cwd: options.root });
  await runCommand('git', ['commit', '--quiet', '--no-verify', '--file=-', '--', ...paths], { cwd: options.root, env, input: message(diff) });
  const commit = (await runCommand('git', ['rev-parse', 'HEAD'], { cwd: options.root })).trim();
  return { diff, commit };
}

/** `key=value` lines for $GITHUB_OUTPUT (values are one line each). */
export function outputs(result: CommitResult): string {
  return `changed=${result.commit ? 'true' : 'false'}\nsubject=${result.diff.subject}\ncommit=${result.commit ?? ''}\n`;
}

/** The step summary: the subject as a heading, then every change. */
export function stepSummary(result: CommitResult): string {
  if (!result.commit) return '## Lab pull\n\nNo change in the lab since the last committed snapshots: nothing committed.\n\n';
  return `## Lab pull: ${result.diff.subject.replace(/^lab: /, '')}\n\nCommitted \`${result.commit.slice(0, 10)}\`.\n\n${result.diff.body}\n`;
}

if (import.meta.main) {
  try {
    const { root, contentPath } = loadSiteConfig();
    const result = await commitLab({ root, contentPath, identity: botIdentity() });
    console.log(result.commit ? `Committed ${result.commit.slice(0, 10)}: ${result.diff.subject}` : 'No change in the lab: nothing to commit.');
    if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, outputs(result));
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, stepSummary(result));
  } catch (e) {
    console.error(`ci:commit-lab: ${(e as Error).message}`);
    process.exit(2);
  }
}
