import { createHash } from 'node:crypto';
import { JOURNAL_SCHEMA_VERSION, type JournalInput } from '../../../src/schemas/drill-journal.ts';
import { createRandom } from '../random.ts';
import type { LabPlan } from '../lab/plan.ts';
import { paragraph, slugify } from './prose.ts';

/**
 * Drill `n` against a container of the plan, and the journals of its last runs
 * (`lab/drills/<id>/<time>.json`, the runner's format: src/schemas/drill-journal.ts).
 */
export function drill(seed: string, n: number, plan: LabPlan, runs: number): { path: string; text: string; journals: { path: string; text: string }[] } {
  const rng = createRandom(`${seed}/drill/${n}`);
  const hosts = plan.hosts.filter((h) => h.containers.length);
  const host = hosts[(n * 7) % hosts.length]!;
  const c = rng.pick(host.containers);
  const target = `container:${host.name}/${c.name}`;
  const id = `${slugify(`kill ${c.spec.service} on ${host.name}`)}-${String(n).padStart(4, '0')}`;
  const front = [
    '---',
    `title: ${JSON.stringify(`Kill ${c.spec.service} on ${host.name}`)}`,
    `targets: [${JSON.stringify(target)}]`,
    'mode: sandbox',
    `hypothesis: ${JSON.stringify(`Docker restarts ${c.name} within 30 seconds and it answers again.`)}`,
    'max_age: 30d',
    'steady_state:',
    '  - type: docker_health',
    `    container: ${c.name}`,
    `    endpoint: ssh://root@${host.name}`,
    'fault:',
    '  - type: crash',
    `    container: ${c.name}`,
    'rollback:',
    '  - type: docker',
    '    action: start',
    `    container: ${c.name}`,
    `    endpoint: ssh://root@${host.name}`,
    '---',
  ].join('\n');
  const text = `${front}\n# Kill ${c.spec.service} on ${host.name}\n\n## Why\n\n${paragraph(rng)}\n\n## What we expect\n\n${paragraph(rng)}\n`;
  const definitionHash = createHash('sha256').update(front).digest('hex');
  const journals = Array.from({ length: runs }, (_, r) => {
    const start = Date.UTC(2026, 6 + r, 1 + (n % 27), 2, 0, 0);
    const at = (ms: number) => new Date(start + ms).toISOString();
    const survived = rng.chance(0.8);
    const journal: JournalInput = {
      schemaVersion: JOURNAL_SCHEMA_VERSION, drill: id, definitionHash, origin: 'runner', labSnapshot: rng.hex(40), targets: [target], mode: 'sandbox',
      operator: rng.pick(['alex', 'sam', 'kim']), startedAt: at(0), finishedAt: at(64_000), outcome: survived ? 'survived' : 'failed',
      recoveryMs: survived ? rng.int(3000, 28000) : null, rollbackOk: true,
      events: [
        { type: 'phase', at: at(0), phase: 'steady-before' },
        { type: 'probe', at: at(900), phase: 'steady-before', probe: 0, description: `${c.name} is healthy`, ok: true, ms: 850, detail: 'healthy' },
        { type: 'phase', at: at(1000), phase: 'fault' },
        { type: 'action', at: at(1200), phase: 'fault', description: `kill -KILL the main process of ${c.name}`, ok: true, ms: 180, output: '' },
        { type: 'phase', at: at(1300), phase: 'recovery' },
        { type: 'probe', at: at(30_000), phase: 'recovery', probe: 0, description: `${c.name} is healthy`, ok: survived, ms: 900, detail: survived ? 'healthy' : 'unhealthy' },
        { type: 'phase', at: at(60_000), phase: 'rollback' },
        { type: 'action', at: at(61_000), phase: 'rollback', description: `docker start ${c.name}`, ok: true, ms: 400, output: c.name },
        { type: 'phase', at: at(64_000), phase: 'done' },
      ],
    };
    return { path: `lab/drills/${id}/${at(0).replace(/:/g, '-')}.json`, text: `${JSON.stringify(journal, null, 2)}\n` };
  });
  return { path: `drills/${id}.md`, text, journals };
}
