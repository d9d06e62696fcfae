import { describe, expect, it } from 'vitest';
import { coveragePlot } from './coverage-plot.ts';

describe('coveragePlot', () => {
  it('spreads commits evenly, 0 % at the bottom and 100 % at the top, skipping unscored points', () => {
    const p = coveragePlot([{ date: '2026-01-01T00:00:00Z', score: 0 }, { date: '2026-01-02T00:00:00Z', score: null }, { date: '2026-02-01T00:00:00Z', score: 1 }], 100, 60, 10);
    expect(p.dots).toEqual([{ x: 10, y: 50, label: '2026-01-01: 0 %' }, { x: 90, y: 10, label: '2026-02-01: 100 %' }]);
    expect(p.path).toBe('M10 50 L90 10');
  });

  it('draws a single point in the middle and nothing for no points', () => {
    expect(coveragePlot([{ date: '2026-01-01', score: 0.5 }], 100, 60, 10).dots).toEqual([{ x: 50, y: 30, label: '2026-01-01: 50 %' }]);
    expect(coveragePlot([]).path).toBe('');
  });
});
