import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/lib/run-command.ts';
import { stableJson } from '../lab/stable-json.ts';
import { botIdentity, commitLab, outputs, stepSummary } from './commit-lab.ts';
import { labDiff, message } from './lab-change.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const git = (cwd: string, ...args: string[]) => runCommand('git', ['-c', 'user.name=Owner', '-c', 'user.email=owner@lab.example', ...args], { cwd });

/** A repository whose committed lab is the real example snapshot, plus a person's unrelated edit. */
async function repository(): Promise<{ root: string; content: string; snapshot: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'scarbook-commit-lab-'));
  const content = path.join(root, 'content');
  mkdirSync(path.join(content, 'runbooks'), { recursive: true });
  cpSync(path.join(ROOT, 'content/lab/sources/docker-nas.json'), path.join(content, 'lab/sources/docker-nas.json'));
  writeFileSync(path.join(content, 'lab/pull-status.json'), '{}\n');
  writeFileSync(path.join(content, 'runbooks/dns.md'), '# DNS\n');
  await git(root, 'init', '--quiet', '--initial-branch=main');
  await git(root, 'add', '--all');
  await git(root, 'commit', '--quiet', '-m', 'lab: first pull');
  writeFileSync(path.join(content, 'runbooks/dns.md'), '# DNS, being edited\n');
  return { root, content, snapshot: path.join(content, 'lab/sources/docker-nas.json') };
}

/** The next pull: pihole on a new tag, scratch gone. */
function pullAgain(file: string): void {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as { entities: { id: string; attributes: Record<string, unknown> }[] };
  snap.entities = snap.entities.filter((e) => e.id !== 'container:nas/scratch');
  snap.entities.find((e) => e.id === 'container:nas/pihole')!.attributes.image = 'scarbook/busybox:2025.02';
  writeFileSync(file, stableJson(snap));
}

describe('lab:diff and ci:commit-lab', () => {
  it('diffs the working tree against HEAD, and any two commits', async () => {
    const { root, content, snapshot } = await repository();
    expect(message(await labDiff({ root, contentPath: content }))).toBe('lab: no change\n');
    pullAgain(snapshot);
    const diff = await labDiff({ root, contentPath: content });
    expect(diff.files).toEqual(['docker-nas.json']);
    expect(message(diff)).toBe([
      'lab: 1 container removed on nas, pihole image test → 2025.02',
      '',
      'Lab changes from `HEAD` to the working tree, in the snapshots of `docker-nas`.',
      '',
      '### Removed',
      '',
      '- container `container:nas/scratch`',
      '',
      '### Changed',
      '',
      '- pihole image: `scarbook/busybox:test` → `scarbook/busybox:2025.02` (`container:nas/pihole`)',
      '',
    ].join('\n'));
    await git(root, 'commit', '--quiet', '-am', 'next');
    expect((await labDiff({ root, contentPath: content, from: 'HEAD~1', to: 'HEAD' })).subject).toBe(diff.subject);
    expect((await labDiff({ root, contentPath: content, from: 'HEAD', to: 'HEAD~1' })).subject).toBe('lab: 1 container added on nas, pihole image 2025.02 → test');
  });

  it('says which revision does not exist', async () => {
    const { root, content } = await repository();
    await expect(labDiff({ root, contentPath: content, from: 'v9.9' })).rejects.toThrow(/no commit "v9\.9" in .*: give a commit, branch or tag/);
  });

  it('commits only the snapshots, as the bot, with the summary; nothing when the lab did not change', async () => {
    const { root, content, snapshot } = await repository();
    const identity = botIdentity({ SCARBOOK_BOT_NAME: 'lab-bot', SCARBOOK_BOT_EMAIL: 'lab-bot@lab.example' });
    const none = await commitLab({ root, contentPath: content, identity });
    expect(none.commit).toBeNull();
    expect(outputs(none)).toBe('changed=false\nsubject=lab: no change\ncommit=\n');
    expect(stepSummary(none)).toContain('No change in the lab');

    pullAgain(snapshot);
    writeFileSync(path.join(content, 'lab/pull-status.json'), '{"sources":[]}\n');
    const done = await commitLab({ root, contentPath: content, identity });
    expect(done.commit).toMatch(/^[0-9a-f]{40}$/);
    const [author, committer, subject] = (await git(root, 'log', '-1', '--format=%an <%ae>%n%cn <%ce>%n%s')).trim().split('\n');
    expect([author, committer, subject]).toEqual(['lab-bot <lab-bot@lab.example>', 'lab-bot <lab-bot@lab.example>', 'lab: 1 container removed on nas, pihole image test → 2025.02']);
    expect((await git(root, 'show', '--name-only', '--format=', 'HEAD')).trim().split('\n')).toEqual(['content/lab/pull-status.json', 'content/lab/sources/docker-nas.json']);
    // The person's edit is still theirs, uncommitted.
    expect((await git(root, 'status', '--porcelain')).trim()).toBe('M content/runbooks/dns.md');
    expect(outputs(done)).toBe(`changed=true\nsubject=lab: 1 container removed on nas, pihole image test → 2025.02\ncommit=${done.commit}\n`);
    expect((await commitLab({ root, contentPath: content, identity })).commit).toBeNull();
  });
});
