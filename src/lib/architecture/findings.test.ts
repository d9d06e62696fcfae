import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Journal } from '../../schemas/drill-journal.ts';
import { computeFindings } from './findings.ts';
import { readFactsInput } from './read-inputs.ts';
import { edge, entity, prod } from './testing/tiny-lab.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-22T00:00:00Z');
const ROOT = path.resolve(import.meta.dirname, '../../..');

function journal(drill: string, daysAgo: number, extra: Partial<Journal> = {}): Journal {
  const at = new Date(now.getTime() - daysAgo * DAY).toISOString();
  return {
    schemaVersion: 1, drill, definitionHash: 'h', origin: 'runner', labSnapshot: null, targets: [], mode: 'sandbox', operator: 't',
    startedAt: at, finishedAt: at, outcome: 'survived', recoveryMs: 1, rollbackOk: true, events: [], ...extra,
  };
}

const restore = (backup: string | undefined, verified: boolean) => ({
  tool: 'restic' as const, repository: '/r', snapshot: 's', files: 1, bytes: 1, checksumsCompared: 1, restoreMs: 1, verified, ...(backup ? { backup } : {}),
});

// Four volumes: no backup; backed up never tested; tested 10 days ago (max 30d); tested 40 days ago.
const lab = {
  entities: [
    entity('host:h'), prod('container:h/app'), prod('container:h/db'), entity('container:h/stray'),
    entity('volume:h/none'), entity('volume:h/untested'), entity('volume:h/fresh'), entity('volume:h/old'),
    entity('backup:restic:/r/h:/untested'), entity('backup:restic:/r/h:/fresh'), entity('backup:restic:/r/h:/old'),
    entity('target:node/h:9100'),
  ],
  edges: [
    edge('container:h/app', 'runs-on', 'host:h'), edge('container:h/db', 'runs-on', 'host:h'), edge('container:h/stray', 'runs-on', 'host:h'),
    edge('container:h/app', 'depends-on', 'container:h/db'),
    edge('container:h/app', 'depends-on', 'container:h/cache', { declared: 'content/services/app.md' }),
    edge('container:h/db', 'stores-on', 'volume:h/fresh'),
    edge('container:h/app', 'stores-on', 'volume:h/none'),
    edge('volume:h/untested', 'backed-up-by', 'backup:restic:/r/h:/untested'),
    edge('volume:h/fresh', 'backed-up-by', 'backup:restic:/r/h:/fresh'),
    edge('volume:h/old', 'backed-up-by', 'backup:restic:/r/h:/old'),
    edge('container:h/db', 'monitored-by', 'target:node/h:9100'),
  ],
};
const input = {
  lab,
  drills: [{ id: 'kill-db', targets: ['container:h/db'], maxAge: 30 * DAY }, { id: 'restore', targets: ['volume:h/fresh'], maxAge: 30 * DAY }],
  journals: [
    journal('kill-db', 3),
    journal('restore', 10, { restore: restore('backup:restic:/r/h:/fresh', true) }),
    journal('restore', 40, { restore: restore('backup:restic:/r/h:/old', true) }),
  ],
  documents: [
    { section: 'runbooks' as const, title: 'Fix the db', url: '/runbooks/db/', file: 'content/runbooks/db.md', names: ['container:h/db', 'host:gone'] },
    { section: 'incidents' as const, title: 'App fell over', url: '/incidents/app/', file: 'content/incidents/app.md', names: ['container:h/app'] },
  ],
  sources: [{ name: 'test', type: 'docker' }],
  now,
};

describe('computeFindings on a hand-checked lab', () => {
  const f = computeFindings(input);

  it('judges each volume by its best backup and its last restore test', () => {
    expect(Object.fromEntries(f.stores.map((s) => [s.store.id, s.protection]))).toEqual({
      'volume:h/none': 'no-backup',
      'volume:h/untested': 'never-restore-tested',
      'volume:h/fresh': 'restore-tested',
      'volume:h/old': 'restore-too-old',
    });
    expect(f.hope.map((s) => s.store.id)).toEqual(['volume:h/none', 'volume:h/old', 'volume:h/untested']);
  });

  it('finds the untested, the unmonitored and the single points of failure', () => {
    expect(f.untested).toEqual([{ id: 'container:h/app', status: 'never-tested', drills: [] }]);
    expect(f.unmonitored).toEqual(['container:h/app']);
    // The db volume takes db down by placement and app through its dependency on db: 2 victims, 1 through a dependency.
    expect(f.spof.map((s) => [s.entity, s.takesDown.length, s.throughDependencies])).toEqual([['volume:h/fresh', 2, 1], ['host:h', 2, 0], ['container:h/db', 1, 1]]);
  });

  it('finds drift: a document naming what is gone, a declared edge never seen, a container nobody names', () => {
    expect(f.drift.map((d) => [d.kind, d.id])).toEqual([
      ['gone', 'host:gone'],
      ['never-observed', 'container:h/app'],
      ['unnamed', 'container:h/stray'],
      ['unnamed', 'host:h'],
    ]);
    expect(f.drift[1]!.message).toContain('container:h/cache (not in the lab)');
  });

  it('scores coverage per criterion: db has all four, app has none', () => {
    expect(f.services.map((s) => [s.id, s.runbook, s.drill, s.monitored, s.backup])).toEqual([
      ['container:h/app', false, false, false, false],
      ['container:h/db', true, true, true, true],
    ]);
    expect(f.coverage.lab).toMatchObject({ services: 2, runbook: 0.5, drill: 0.5, monitored: 0.5, backup: 0.5, score: 0.5 });
    expect(f.coverage.sites.map((s) => s.scope)).toEqual(['']);
  });

  it('has nothing to say about an empty lab', () => {
    const empty = computeFindings({ ...input, lab: { entities: [], edges: [] }, documents: [], journals: [] });
    expect([empty.spof, empty.hope, empty.untested, empty.drift, empty.unmonitored]).toEqual([[], [], [], [], []]);
    expect(empty.coverage.lab.score).toBeNull();
  });
});

describe('computeFindings on the example lab', async () => {
  const f = computeFindings(await readFactsInput(path.join(ROOT, 'content'), ROOT, now));
  const production = f.facts.graph.entities.filter((e) => e.mode === 'production').map((e) => e.id);

  it('shows a single point of failure whose loss takes other production services down through a dependency', () => {
    const throughDeps = f.spof.filter((s) => s.throughDependencies > 0);
    expect(throughDeps.length).toBeGreaterThan(0);
    for (const s of throughDeps) {
      // Re-check the claim against the raw edges: some production victim depends on s or on what sits on s.
      const victim = s.takesDown.find((c) => !c.direct)!;
      expect(production).toContain(victim.id);
      expect(f.facts.graph.byId.get(victim.id)!.out.some((e) => e.type === 'depends-on' || e.type === 'stores-on' || e.type === 'runs-on')).toBe(true);
    }
  });

  it('shows an untested production service: no drill journal says it survived', () => {
    expect(f.untested.length).toBeGreaterThan(0);
    for (const u of f.untested) {
      expect(production).toContain(u.id);
      const drills = f.facts.drills.filter((d) => d.targets.includes(u.id)).map((d) => d.id);
      expect(f.facts.journals.some((j) => drills.includes(j.drill) && j.outcome === 'survived' && now.getTime() - Date.parse(j.finishedAt ?? j.startedAt) <= f.facts.drills.find((d) => d.id === j.drill)!.maxAge)).toBe(false);
    }
  });

  it('shows drift: a document names an entity no lab source has', () => {
    const gone = f.drift.filter((d) => d.kind === 'gone');
    expect(gone.length).toBeGreaterThan(0);
    const known = new Set(f.facts.graph.entities.flatMap((e) => [e.id, ...e.aliases]));
    for (const d of gone) {
      expect(known.has(d.id)).toBe(false);
      expect(d.documents.every((doc) => doc.names.includes(d.id))).toBe(true);
    }
  });
});
