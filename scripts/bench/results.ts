import { z } from 'astro/zod';

/** One timed stage: medians over runs, and every sample so a reader can judge the spread. */
export const StageSchema = z.object({
  /** Median wall time. */
  ms: z.number(),
  /** Median of each run's peak memory of the whole process tree (sum of proportional set sizes, polled from /proc). */
  peakRssBytes: z.number().nullable(),
  /** Largest single process (GNU time), median over runs; null without /usr/bin/time. */
  maxProcessRssBytes: z.number().nullable(),
  samplesMs: z.array(z.number()),
});
export type Stage = z.infer<typeof StageSchema>;

export const ScalingPointSchema = z.object({
  factor: z.number(), hosts: z.number(), entities: z.number(), edges: z.number(),
  parseMs: z.number(), mergeMs: z.number(), driftMs: z.number(), blastRadiusMs: z.number().nullable(), spofMs: z.number().nullable(),
  notes: z.array(z.string()),
});

const DiagramSchema = z.object({ page: z.string(), nodes: z.number(), edges: z.number(), sourceChars: z.number().nullable(), svgBytes: z.number().nullable() });

export const ResultSchema = z.object({
  schemaVersion: z.literal(1),
  generatedBy: z.string(),
  scenario: z.object({ name: z.string(), runbooks: z.number().nullable(), hosts: z.number().nullable(), sites: z.number().nullable(), containers: z.number().nullable(), scale: z.number() }),
  date: z.string(),
  git: z.object({ commit: z.string(), dirty: z.boolean() }),
  machine: z.object({ cpus: z.number(), cpuModel: z.string(), memoryBytes: z.number(), os: z.string() }),
  versions: z.object({ node: z.string(), astro: z.string(), pagefind: z.string() }),
  runs: z.number(),
  content: z.object({ runbooks: z.number(), decisions: z.number(), drills: z.number(), journals: z.number(), sources: z.number(), rawBytes: z.number() }),
  /** Stages not asked for (`--stages`) are null. */
  stages: z.object({
    generate: StageSchema.nullable(), pull: StageSchema.nullable(), merge: StageSchema.nullable(),
    coldBuild: StageSchema.nullable(), warmBuild: StageSchema.nullable(), bareBuild: StageSchema.nullable(),
  }),
  lab: z.object({ entities: z.number(), edges: z.number(), mergeInProcessMs: z.number() }).nullable(),
  ratios: z.object({
    /** Median over runs of (our cold build / bare Astro + Pagefind), each pair built back to back. */
    coldVsBare: z.number().nullable(),
    warmVsCold: z.number().nullable(),
  }),
  site: z.object({
    outputBytes: z.number(), files: z.number(), pages: z.number(), pagefindBytes: z.number(), diagrams: z.number(), clientRenderedDiagrams: z.number(),
    runbookPage: z.object({ path: z.string(), htmlBytes: z.number(), htmlGzipBytes: z.number(), upfrontJsBytes: z.number(), upfrontJsGzipBytes: z.number(), scripts: z.array(z.string()) }).nullable(),
    largestDiagram: DiagramSchema.nullable(),
    /** Absent in results written before it was measured. */
    longestDiagramSource: z.object({ page: z.string(), chars: z.number() }).nullable().optional(),
  }).nullable(),
  scaling: z.array(ScalingPointSchema),
  notes: z.array(z.string()),
});
export type Result = z.infer<typeof ResultSchema>;

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** A target of issue 8 checked against a result: `null` when the result has no such figure. */
export interface Check { name: string; value: string; target: string; ok: boolean | null }

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return 'n/a';
  if (n >= GiB) return `${(n / GiB).toFixed(2)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  if (n >= KiB) return `${(n / KiB).toFixed(1)} KiB`;
  return `${n} B`;
}

export function seconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'n/a';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}

const ratio = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)}×`);

export function checks(r: Result): Check[] {
  const c = (name: string, value: number | null | undefined, show: (v: number) => string, target: string, pass: (v: number) => boolean): Check =>
    ({ name, value: value === null || value === undefined ? 'n/a' : show(value), target, ok: value === null || value === undefined ? null : pass(value) });
  const pullMerge = r.stages.pull && r.stages.merge ? r.stages.pull.ms + r.stages.merge.ms : null;
  const page = r.site?.runbookPage;
  const d = r.site?.largestDiagram;
  return [
    c('Cold build vs bare Astro + Pagefind', r.ratios.coldVsBare, ratio, '≤ 1.3×', (v) => v <= 1.3),
    c('Cold build peak memory', r.stages.coldBuild?.peakRssBytes, bytes, r.scenario.name.startsWith('fleet') ? '≤ 4 GiB' : '≤ 1 GiB', (v) => v <= (r.scenario.name.startsWith('fleet') ? 4 : 1) * GiB),
    c('Warm rebuild vs cold', r.ratios.warmVsCold, ratio, '≤ 0.3×', (v) => v <= 0.3),
    c('Runbook page HTML', page?.htmlBytes, bytes, '≤ 30 KB', (v) => v <= 30_000),
    c('Runbook page JS before search is used', page?.upfrontJsBytes, bytes, '≤ 10 KB', (v) => v <= 10_000),
    c('Diagrams left to the browser', r.site?.clientRenderedDiagrams, String, '0 (Chromium at build)', (v) => v === 0),
    c('Pull (replay) + merge', pullMerge, seconds, '≤ 30 s', (v) => v <= 30_000),
    c('Pages', r.site?.pages, String, '< 30,000 (Pagefind)', (v) => v < 30_000),
    c('Largest diagram nodes', d?.nodes, String, '≤ 60', (v) => v <= 60),
    c('Largest diagram source', r.site?.longestDiagramSource?.chars ?? d?.sourceChars, (v) => `${v} chars`, '≤ 50,000 chars', (v) => v <= 50_000),
  ];
}

const mark = (ok: boolean | null) => (ok === null ? '–' : ok ? 'yes' : '**no**');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

/** The Markdown report of one result: header, stage table, targets, page figures, scaling. */
export function formatMarkdown(r: Result): string {
  const s = r.stages;
  const stage = (name: string, x: Stage | null) => row([name, seconds(x?.ms), bytes(x?.peakRssBytes), bytes(x?.maxProcessRssBytes), x ? x.samplesMs.map((m) => seconds(m)).join(', ') : 'not run']);
  const sc = r.scenario;
  const lines = [
    `## ${sc.name}${sc.runbooks === null ? ' (the example lab)' : `: ${sc.runbooks} runbooks, ${sc.hosts} hosts, ${sc.containers} containers, ${sc.sites} sites`}`,
    '',
    `${r.date} · commit \`${r.git.commit.slice(0, 10)}\`${r.git.dirty ? ' (uncommitted changes)' : ''} · ${r.machine.cpus} × ${r.machine.cpuModel}, ${bytes(r.machine.memoryBytes)} · Node ${r.versions.node}, Astro ${r.versions.astro}, Pagefind ${r.versions.pagefind} · median of ${r.runs} run(s)`,
    '',
    row(['Stage', 'Time', 'Peak memory (tree)', 'Largest process', 'Runs']),
    row(['---', '---:', '---:', '---:', '---']),
    stage('Generate content + raw lab output', s.generate),
    stage('Pull (replay)', s.pull),
    stage('Merge', s.merge),
    stage('Cold build (search, diagrams)', s.coldBuild),
    stage('Warm rebuild (one runbook edited)', s.warmBuild),
    stage('Bare Astro + Pagefind CLI', s.bareBuild),
    '',
    row(['Target', 'Measured', 'Target', 'Met']),
    row(['---', '---:', '---', '---']),
    ...checks(r).map((c) => row([c.name, c.value, c.target, mark(c.ok)])),
    '',
  ];
  if (r.site) {
    const p = r.site.runbookPage;
    lines.push(
      `Site: ${r.site.pages} pages, ${bytes(r.site.outputBytes)} in ${r.site.files} files; Pagefind index ${bytes(r.site.pagefindBytes)}; ${r.site.diagrams} diagrams (${r.site.clientRenderedDiagrams} left to the browser).`,
      p ? `Runbook page \`${p.path}\`: ${bytes(p.htmlBytes)} HTML (${bytes(p.htmlGzipBytes)} gzipped), ${bytes(p.upfrontJsBytes)} JS up front (${bytes(p.upfrontJsGzipBytes)} gzipped).` : 'Runbook page: not found.',
      r.site.largestDiagram ? `Largest diagram: ${r.site.largestDiagram.nodes} nodes, ${r.site.largestDiagram.edges} edges, ${r.site.largestDiagram.sourceChars ?? 'n/a'} source characters, ${bytes(r.site.largestDiagram.svgBytes)} SVG, on \`${r.site.largestDiagram.page}\`.` : 'No diagrams.',
      r.site.longestDiagramSource ? `Longest diagram source: ${r.site.longestDiagramSource.chars} characters, on \`${r.site.longestDiagramSource.page}\`.` : '',
      '',
    );
  }
  if (r.lab) lines.push(`Merged lab: ${r.lab.entities} entities, ${r.lab.edges} edges (merge in process: ${seconds(r.lab.mergeInProcessMs)}).`, '');
  if (r.scaling.length) {
    const base = r.scaling[0]!;
    const growth = (ms: number | null, baseMs: number | null, p: (typeof r.scaling)[number]) =>
      ms === null || baseMs === null || baseMs <= 0 ? 'n/a' : `${seconds(ms)} (${((ms / baseMs) / ((p.entities + p.edges) / (base.entities + base.edges))).toFixed(2)})`;
    lines.push(
      'Graph algorithms by lab size (in brackets: time growth ÷ size growth against 1×; about 1 is linear):',
      '',
      row(['Size', 'Hosts', 'Entities', 'Edges', 'Merge', 'Drift', 'Blast radius', 'Single points of failure']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
      ...r.scaling.map((p) => row([`${p.factor}×`, p.hosts, p.entities, p.edges, growth(p.mergeMs, base.mergeMs, p), growth(p.driftMs, base.driftMs, p), growth(p.blastRadiusMs, base.blastRadiusMs, p), growth(p.spofMs, base.spofMs, p)])),
      '',
    );
  }
  if (r.notes.length) lines.push(...r.notes.map((n) => `- ${n}`), '');
  return `${lines.join('\n')}\n`;
}
