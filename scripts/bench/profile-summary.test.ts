import { describe, expect, it } from 'vitest';
import { summarize } from './profile-summary.ts';

const frame = (functionName: string, line: number) => ({ functionName, url: 'file:///work/src/lib/lab/graph-index.ts', lineNumber: line - 1 });

describe('summarize', () => {
  it('ranks functions by self time and adds callees to their callers’ total', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2] },
        { id: 2, callFrame: frame('publishing', 35), children: [3] },
        { id: 3, callFrame: frame('of', 24), children: [] },
      ],
      samples: [3, 3, 3, 2, 1],
      timeDeltas: [1000, 1000, 1000, 500, 250],
    };
    expect(summarize(profile, 2)).toEqual([
      { name: 'of graph-index.ts:24', selfMs: 3, totalMs: 3 },
      { name: 'publishing graph-index.ts:35', selfMs: 0.5, totalMs: 3.5 },
    ]);
  });
});
