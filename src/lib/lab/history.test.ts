import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../run-command.ts';
import { summarize } from './diff.ts';
import { labHistory } from './history.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** A lab repository with two pulls committed: the real example snapshot, then the same lab a week later. */
async function repoWithTwoPulls(): Promise<string> {
  const repo = mkdtempSync(path.join(tmpdir(), 'scarbook-history-'));
  const git = (...args: string[]) => runCommand('git', ['-c', 'user.name=bot', '-c', 'user.email=bot@example.org', ...args], { cwd: repo });
  await git('init', '-q');
  mkdirSync(path.join(repo, 'content/lab'), { recursive: true });
  cpSync(path.join(ROOT, 'content/lab/sources'), path.join(repo, 'content/lab/sources'), { recursive: true });
  await git('add', '.');
  await git('commit', '-qm', 'lab: first pull');
  // A week later: pihole got a new image, scratch was removed, a container moved to another host.
  const file = path.join(repo, 'content/lab/sources/docker-nas.json');
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const pihole = snap.entities.find((e: { id: string }) => e.id === 'container:nas/pihole');
  pihole.attributes.image = 'pihole/pihole:2025.02';
  pihole.status = 'exited';
  snap.entities = snap.entities.filter((e: { id: string }) => e.id !== 'container:nas/scratch');
  const vault = snap.entities.find((e: { id: string }) => e.id === 'container:nas/vaultwarden');
  vault.id = 'container:pve2/vaultwarden';
  writeFileSync(file, `${JSON.stringify(snap, null, 2)}\n`);
  await git('commit', '-qam', 'lab: second pull');
  return repo;
}

describe('the lab history ("what changed")', () => {
  it('lists, per committed pull, what appeared, disappeared, moved or changed', async () => {
    const repo = await repoWithTwoPulls();
    const [second, first] = await labHistory(path.join(repo, 'content'));
    expect(second!.subject).toBe('lab: second pull');
    expect(second!.change.removed.map((e) => e.id)).toEqual(['container:nas/scratch']);
    expect(second!.change.moved.map((m) => `${m.entity.name} ${m.from}→${m.to}`)).toEqual(['vaultwarden nas→pve2']);
    expect(second!.change.changed.map((c) => `${c.entity.name} ${c.field}: ${c.from} → ${c.to}`)).toEqual([
      'pihole status: running → exited',
      'pihole image: scarbook/busybox:test → pihole/pihole:2025.02',
    ]);
    expect(summarize(second!.change)).toBe('1 container removed on nas, vaultwarden moved nas → pve2, pihole status running → exited, pihole image scarbook/busybox:test → pihole/pihole:2025.02');
    expect(first!.change.added.length).toBeGreaterThan(10);
    expect(first!.change.removed).toEqual([]);
  });

  it('is empty outside a Git checkout', async () => {
    expect(await labHistory(mkdtempSync(path.join(tmpdir(), 'scarbook-nogit-')))).toEqual([]);
  });
});
