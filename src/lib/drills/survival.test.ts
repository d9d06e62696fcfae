import { describe, expect, it } from 'vitest';
import type { Journal } from '../../schemas/drill-journal.ts';
import { drillStatus, survivalByEntity, worstSurvival } from './survival.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-22T00:00:00Z');
const journal = (drill: string, outcome: Journal['outcome'], daysAgo: number): Journal => {
  const at = new Date(now.getTime() - daysAgo * DAY).toISOString();
  return {
    schemaVersion: 1, drill, definitionHash: 'h', origin: 'runner', labSnapshot: null, targets: [], mode: 'sandbox', operator: 't',
    startedAt: at, finishedAt: outcome === 'running' ? null : at, outcome, recoveryMs: null, rollbackOk: true, events: [],
  };
};

describe('drillStatus', () => {
  const drill = { id: 'kill-dns', targets: ['container:nas/pihole'], maxAge: 30 * DAY };

  it('is never-tested without journals, and ignores aborted, errored and dead-runner journals', () => {
    expect(drillStatus(drill, [], now).status).toBe('never-tested');
    const s = drillStatus(drill, [journal('kill-dns', 'aborted', 1), journal('kill-dns', 'error', 2), journal('kill-dns', 'running', 0)], now);
    expect(s).toMatchObject({ status: 'never-tested', latest: null });
  });

  it('takes the latest conclusive run and turns an old survival stale', () => {
    expect(drillStatus(drill, [journal('kill-dns', 'failed', 20), journal('kill-dns', 'survived', 3)], now)).toMatchObject({ status: 'survived', ageDays: 3 });
    expect(drillStatus(drill, [journal('kill-dns', 'survived', 3), journal('kill-dns', 'failed', 1)], now).status).toBe('failed');
    expect(drillStatus(drill, [journal('kill-dns', 'survived', 31)], now)).toMatchObject({ status: 'stale', ageDays: 31 });
    // A failure does not expire into "stale": it stays failed until a drill proves otherwise.
    expect(drillStatus(drill, [journal('kill-dns', 'failed', 300)], now).status).toBe('failed');
  });

  it('ignores journals of other drills', () => {
    expect(drillStatus(drill, [journal('other', 'survived', 1)], now).status).toBe('never-tested');
  });
});

describe('survivalByEntity', () => {
  it('gives an entity the worst status of the drills aimed at it', () => {
    const drills = [
      { id: 'a', targets: ['host:pve2', 'vm:pve1/101'], maxAge: 90 * DAY },
      { id: 'b', targets: ['host:pve2'], maxAge: 30 * DAY },
    ];
    const map = survivalByEntity(drills, [journal('a', 'survived', 5), journal('b', 'degraded', 2)], now);
    expect(map.get('host:pve2')?.status).toBe('degraded');
    expect(map.get('vm:pve1/101')?.status).toBe('survived');
    expect(map.get('host:nas')).toBeUndefined();
  });

  it('orders statuses worst first', () => {
    expect(worstSurvival(['survived', 'stale', 'never-tested'])).toBe('stale');
    expect(worstSurvival([])).toBe('never-tested');
  });
});
