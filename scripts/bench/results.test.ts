import { describe, expect, it } from 'vitest';
import { bytes, checks, formatMarkdown, ResultSchema, seconds, type Result } from './results.ts';
import { resultName } from './write-results.ts';

const stage = (ms: number, peak: number | null) => ({ ms, peakRssBytes: peak, maxProcessRssBytes: peak, samplesMs: [ms] });

const RESULT: Result = {
  schemaVersion: 1,
  generatedBy: 'test',
  scenario: { name: '1k', runbooks: 1000, hosts: 40, sites: 2, containers: 400, scale: 1 },
  date: '2026-11-22T06:00:00.000Z',
  git: { commit: '0123456789abcdef', dirty: false },
  machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryBytes: 24 * 1024 ** 3, os: 'Linux 6.1' },
  versions: { node: '24.21.0', astro: '7.3.5', pagefind: '1.6.0' },
  runs: 3,
  content: { runbooks: 1000, decisions: 40, drills: 20, journals: 60, sources: 43, rawBytes: 5_000_000 },
  stages: {
    generate: stage(2000, null), pull: stage(4000, 200 * 1024 ** 2), merge: stage(900, 150 * 1024 ** 2),
    coldBuild: stage(39_000, 0.9 * 1024 ** 3), warmBuild: stage(15_000, 0.6 * 1024 ** 3), bareBuild: stage(30_000, 0.7 * 1024 ** 3),
  },
  lab: { entities: 1202, edges: 2512, mergeInProcessMs: 31 },
  ratios: { coldVsBare: 1.3, warmVsCold: 15 / 39 },
  site: {
    outputBytes: 80 * 1024 ** 2, files: 3000, pages: 1100, pagefindBytes: 9 * 1024 ** 2, diagrams: 100, clientRenderedDiagrams: 0,
    runbookPage: { path: 'runbooks/dns/x/index.html', htmlBytes: 31_000, htmlGzipBytes: 9_000, upfrontJsBytes: 4_700, upfrontJsGzipBytes: 1_900, scripts: [] },
    largestDiagram: { page: 'lab/index.html', nodes: 61, edges: 70, sourceChars: null, svgBytes: 120_000 },
  },
  scaling: [
    { factor: 1, hosts: 40, entities: 1000, edges: 2000, parseMs: 100, mergeMs: 30, driftMs: 1, blastRadiusMs: 2, spofMs: null, notes: ['single points of failure: module not available'] },
    { factor: 4, hosts: 160, entities: 4000, edges: 8000, parseMs: 400, mergeMs: 240, driftMs: 4, blastRadiusMs: 8, spofMs: null, notes: [] },
  ],
  notes: ['a note'],
};

describe('result formatting', () => {
  it('formats sizes and times for people', () => {
    expect([bytes(512), bytes(2048), bytes(3.5 * 1024 ** 2), bytes(1.25 * 1024 ** 3), bytes(null)]).toEqual(['512 B', '2.0 KiB', '3.5 MiB', '1.25 GiB', 'n/a']);
    expect([seconds(250), seconds(1500), seconds(39_400), seconds(undefined)]).toEqual(['250 ms', '1.5 s', '39 s', 'n/a']);
    expect(resultName('1k@0.02')).toBe('1k-x0.02');
  });

  it('checks each target of the issue, and says n/a for figures not measured', () => {
    const byName = Object.fromEntries(checks(RESULT).map((c) => [c.name, c]));
    expect(byName['Cold build vs bare Astro + Pagefind']).toEqual({ name: 'Cold build vs bare Astro + Pagefind', value: '1.30×', target: '≤ 1.3×', ok: true });
    expect(byName['Cold build peak memory']!.ok).toBe(true);
    expect(byName['Warm rebuild vs cold']!.ok).toBe(false);
    expect(byName['Runbook page HTML']!.ok).toBe(false);
    expect(byName['Runbook page JS before search is used']!.ok).toBe(true);
    expect(byName['Pull (replay) + merge']).toMatchObject({ value: '4.9 s', ok: true });
    expect(byName['Largest diagram nodes']).toMatchObject({ value: '61', ok: false });
    expect(byName['Largest diagram source']).toMatchObject({ value: 'n/a', ok: null });
  });

  it('uses the fleet memory target for fleet results', () => {
    const fleet = { ...RESULT, scenario: { ...RESULT.scenario, name: 'fleet' } };
    expect(checks(fleet).find((c) => c.name === 'Cold build peak memory')).toMatchObject({ target: '≤ 4 GiB', ok: true });
  });

  it('renders a Markdown report with the machine, the stages, the targets and the scaling table', () => {
    const md = formatMarkdown(RESULT);
    expect(md).toContain('## 1k: 1000 runbooks, 40 hosts, 400 containers, 2 sites');
    expect(md).toContain('commit `0123456789` · 2 × AMD EPYC, 24.00 GiB · Node 24.21.0, Astro 7.3.5, Pagefind 1.6.0 · median of 3 run(s)');
    expect(md).toContain('| Cold build (search, diagrams) | 39 s | 921.6 MiB | 921.6 MiB | 39 s |');
    expect(md).toContain('| Runbook page HTML | 30.3 KiB | ≤ 30 KB | **no** |');
    expect(md).toContain('| Largest diagram source | n/a | ≤ 50,000 chars | – |');
    // 4× the entities and edges, 8× the merge time: growth ratio 2 (superlinear), 1 for drift.
    expect(md).toContain('| 4× | 160 | 4000 | 8000 | 240 ms (2.00) | 4 ms (1.00) | 8 ms (1.00) | n/a |');
    expect(md).toContain('- a note');
  });

  it('round-trips through the schema', () => {
    expect(ResultSchema.parse(JSON.parse(JSON.stringify(RESULT)))).toEqual(RESULT);
  });
});
