import { describe, expect, it } from 'vitest';
import type { Journal } from '../../schemas/drill-journal.ts';
import { ageWords, statusWords } from './age-words.ts';
import { drillHistory, runAnchor } from './history.ts';
import { historyPlot } from './history-plot.ts';

const run = (startedAt: string, outcome: Journal['outcome'], recoveryMs: number | null, origin: Journal['origin'] = 'runner'): Journal => ({
  schemaVersion: 1, drill: 'kill-dns', definitionHash: 'h', origin, labSnapshot: null, targets: [], mode: 'sandbox', operator: 'alex',
  startedAt, finishedAt: outcome === 'running' ? null : startedAt, outcome, recoveryMs, rollbackOk: true, events: [],
});

describe('drillHistory', () => {
  const journals = [
    run('2026-10-13T20:00:00.000Z', 'survived', 14_000),
    run('2026-11-10T20:00:00.000Z', 'failed', null),
    run('2026-11-12T20:00:00.000Z', 'running', null),
    { ...run('2026-11-01T20:00:00.000Z', 'survived', 9_000), drill: 'other' },
  ];
  it('lists one drill\'s runs newest first, a dead running journal as aborted, each with a stable anchor', () => {
    const rows = drillHistory('kill-dns', journals);
    expect(rows.map((r) => [r.anchor, r.outcome])).toEqual([
      ['run-2026-11-12t20-00-00z', 'aborted'],
      ['run-2026-11-10t20-00-00z', 'failed'],
      ['run-2026-10-13t20-00-00z', 'survived'],
    ]);
    expect(runAnchor(run('2021-04-11T14:15:55.406Z', 'survived', 1, 'chaostoolkit'))).toBe('run-2021-04-11t14-15-55z-chaostoolkit');
  });
  it('is empty for a drill that never ran', () => {
    expect(drillHistory('nothing', journals)).toEqual([]);
  });
});

describe('historyPlot', () => {
  const rows = drillHistory('kill-dns', [run('2026-10-01T00:00:00.000Z', 'survived', 10_000), run('2026-10-11T00:00:00.000Z', 'survived', 30_000), run('2026-10-21T00:00:00.000Z', 'failed', null)]);
  const plot = historyPlot(rows, 60_000);

  it('puts time left to right, slower recoveries higher, and runs that never recovered in the top band', () => {
    const [a, b, c] = plot.points;
    expect([a!.x < b!.x, b!.x < c!.x]).toEqual([true, true]);
    expect(a!.y).toBeGreaterThan(b!.y);
    expect(c).toMatchObject({ recovered: false, y: plot.band.y, label: '2026-10-21: failed, did not recover' });
    expect(a!.label).toBe('2026-10-01: survived, back in 10s');
    expect(plot.limit).toEqual({ y: expect.any(Number), label: 'limit 1m' });
    expect(plot.limit!.y).toBeLessThan(b!.y);
    expect(plot.xTicks.map((t) => t.label)).toEqual(['2026-10-01', '2026-10-21']);
    expect(plot.yTicks.map((t) => t.label)).toEqual(['0', '30s', '1m']);
  });

  it('keeps every point inside the picture, one run included', () => {
    for (const p of [...plot.points, ...historyPlot(rows.slice(0, 1), 60_000).points]) {
      expect(p.x).toBeGreaterThanOrEqual(plot.left);
      expect(p.x).toBeLessThanOrEqual(plot.right);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(plot.bottom);
    }
  });
});

describe('ageWords / statusWords', () => {
  it.each([
    [{ status: 'survived', ageDays: 12 }, 'survived, 12 days ago'],
    [{ status: 'failed', ageDays: 0 }, 'failed, today'],
    [{ status: 'degraded', ageDays: 1 }, 'degraded, yesterday'],
    [{ status: 'stale', ageDays: 40 }, 'stale: survived 40 days ago'],
    [{ status: 'never-tested', ageDays: null }, 'never run'],
  ] as const)('%o → %s', (s, words) => {
    expect(statusWords(s)).toBe(words);
  });
  it('never for no age', () => expect(ageWords(null)).toBe('never'));
});

describe('validity', async () => {
  const { validity } = await import('./age-words.ts');
  const at = new Date('2026-10-01T00:00:00Z');
  it('a survival is valid for max_age, then expired; other results have no validity', () => {
    expect(validity({ status: 'survived', at }, 30 * 86_400_000)).toEqual({ expired: false, until: new Date('2026-10-31T00:00:00Z') });
    expect(validity({ status: 'stale', at }, 30 * 86_400_000)).toEqual({ expired: true, until: new Date('2026-10-31T00:00:00Z') });
    expect(validity({ status: 'failed', at }, 30 * 86_400_000)).toEqual({ expired: false, until: null });
    expect(validity({ status: 'never-tested', at: null }, 1)).toEqual({ expired: false, until: null });
  });
});
