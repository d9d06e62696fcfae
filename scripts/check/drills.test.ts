import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EntitySchema } from '../../src/schemas/lab.ts';
import { JournalSchema, type Journal } from '../../src/schemas/drill-journal.ts';
import { readContentFile } from '../../src/lib/validate-content.ts';
import { checkDrillAges } from './drills.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOW = new Date('2026-06-30T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

function journal(drill: string, outcome: Journal['outcome'], finishedDaysAgo: number): Journal {
  return JournalSchema.parse({
    schemaVersion: 1, drill, definitionHash: 'sha256:0', origin: 'manual', labSnapshot: null, targets: ['container:nas/pihole'], mode: 'production',
    operator: 'test', startedAt: daysAgo(finishedDaysAgo), finishedAt: daysAgo(finishedDaysAgo), outcome, recoveryMs: null, rollbackOk: true, events: [],
  });
}

/** The real kill-pihole drill (production, max_age 30d) and a sandbox drill, in a temporary content folder. */
async function drills() {
  const content = path.join(mkdtempSync(path.join(tmpdir(), 'scarbook-drill-ages-')), 'content');
  mkdirSync(path.join(content, 'drills'), { recursive: true });
  writeFileSync(path.join(content, 'drills/kill-pihole.md'), readFileSync(path.join(ROOT, 'content/drills/kill-pihole.md')));
  writeFileSync(path.join(content, 'drills/restart-scratch.md'), '---\ntargets: [container:nas/scratch]\nmode: sandbox\nhypothesis: it comes back\nmax_age: 7d\nsteady_state:\n  - { type: docker_health, container: scratch }\nfault:\n  - { type: crash, container: scratch }\n---\n# Restart scratch\n');
  const files = await Promise.all(['kill-pihole.md', 'restart-scratch.md'].map(async (f) => {
    const file = await readContentFile('drills', path.join(content, 'drills', f), ROOT);
    return { ...file, text: readFileSync(file.file, 'utf8') };
  }));
  return { content, files };
}

const policy = { drillModes: ['production' as const], untestedDrillsFail: true };
const sandboxEntity = EntitySchema.parse({ id: 'container:nas/scratch', kind: 'container', name: 'scratch', sources: ['docker-nas'], mode: 'sandbox' });

describe('policy gate: drills older than their max_age', () => {
  it.each([
    ['survived 10 days ago', [journal('kill-pihole', 'survived', 10)], []],
    ['survived 45 days ago', [journal('kill-pihole', 'survived', 45)], ['kill-pihole.md:6 drill kill-pihole (production; targets container:nas/pihole) last ran 45 days ago (survived, 2026-05-16), longer than its max_age of 30 days: run it again']],
    ['failed 45 days ago (old whatever the outcome)', [journal('kill-pihole', 'failed', 45)], ['kill-pihole.md:6 drill kill-pihole (production; targets container:nas/pihole) last ran 45 days ago (failed, 2026-05-16), longer than its max_age of 30 days: run it again']],
    ['failed 3 days ago (recent: not this gate)', [journal('kill-pihole', 'failed', 3)], []],
    ['only an aborted run (proves nothing)', [journal('kill-pihole', 'aborted', 1)], ['kill-pihole.md:6 drill kill-pihole (production; targets container:nas/pihole) has never run to a conclusion (no survived, degraded or failed journal in content/lab/drills/kill-pihole/): run it (`npm run drill -- kill-pihole`)']],
  ])('%s', async (_name, journals, expected) => {
    const { content, files } = await drills();
    const found = checkDrillAges(files, journals, [sandboxEntity], policy, content, content, NOW);
    const starts = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(found.map((p) => `${p.file.replace('drills/', '')}:${p.line} ${p.message}`)).toEqual(expected.map(starts));
    expect(found.every((p) => p.gate === 'drills' && p.severity === 'warning')).toBe(true);
  });

  it('gates a sandbox drill aimed at a production entity, and not one aimed at a sandbox', async () => {
    const { content, files } = await drills();
    const recent = [journal('kill-pihole', 'survived', 1)];
    expect(checkDrillAges(files, recent, [sandboxEntity], policy, content, content, NOW)).toEqual([]);
    const production = { ...sandboxEntity, mode: 'production' as const };
    expect(checkDrillAges(files, recent, [production], policy, content, content, NOW).map((p) => p.message)).toEqual([
      expect.stringMatching(/^drill restart-scratch \(sandbox; targets container:nas\/scratch\) has never run to a conclusion .* run it \(`npm run drill -- restart-scratch`\)/),
    ]);
  });

  it('lets a repository accept drills that never ran (untestedDrillsFail: false)', async () => {
    const { content, files } = await drills();
    expect(checkDrillAges(files, [], [], { ...policy, untestedDrillsFail: false }, content, content, NOW)).toEqual([]);
  });
});
