/**
 * `npm run bench -- <small|1k|fleet> [--runs N] [--compare] [--stages pull,merge,build,scaling] [--keep]`
 *
 * Generates the scenario (seeded: the same bytes every time) into a temporary folder, replays
 * its raw lab output through the real collectors, merges, builds the site cold and warm, measures
 * the output, and writes bench/results/<scenario>.{json,md}. `--compare` also builds a bare Astro
 * + Pagefind project from the same Markdown, alternating with ours run by run. `--scale F` shrinks
 * a generated scenario for checking the harness on a busy machine; `--profile DIR` writes CPU
 * profiles of the pull and merge processes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand } from '../../src/lib/run-command.ts';
import { writeBareProject } from './bare-project.ts';
import { buildBare, buildOurs, editRunbook } from './build-steps.ts';
import { commitAll, copyExample, generateSite, ROOT, SEED, type GeneratedSite } from './generate.ts';
import { graphScaling, type ScalingPoint } from './graph-scaling.ts';
import { measureOk, type Measurement } from './measure.ts';
import { bytes, checks, seconds, type Result, type Stage } from './results.ts';
import { SCENARIOS, scaled, scenarioByName } from './scenarios.ts';
import { siteMetrics, type SiteMetrics } from './site-metrics.ts';
import { writeResults } from './write-results.ts';

// One build clock for every build of the run (src/lib/build-clock.ts): the site's "now" moves by
// the hour, and a warm rebuild just after the hour turned would render every page again, as the
// first build of each hour does. The fleet benchmark's one warm rebuild once did (479 s).
process.env.SOURCE_DATE_EPOCH ??= String(Math.floor(Date.now() / 1000));

const STAGES = ['pull', 'merge', 'build', 'scaling'] as const;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    compare: { type: 'boolean', default: false },
    scale: { type: 'string', default: '1' },
    stages: { type: 'string', default: STAGES.join(',') },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
    /** Write V8 CPU profiles of the pull and merge processes here (open them in Chrome DevTools). */
    profile: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const medianOrNull = (xs: (number | null)[]) => (xs.some((x) => x === null) || xs.length === 0 ? null : median(xs as number[]));
function stage(ms: Measurement[]): Stage | null {
  if (!ms.length) return null;
  return { ms: median(ms.map((m) => m.ms)), peakRssBytes: medianOrNull(ms.map((m) => m.peakTreePssBytes)), maxProcessRssBytes: medianOrNull(ms.map((m) => m.maxProcessRssBytes)), samplesMs: ms.map((m) => Math.round(m.ms)) };
}
const say = (m: string) => console.log(m);
let logDir = '';
/** Prints a stage's figures and keeps its output in the work folder (`--keep` to read it afterwards). */
const show = (what: string, m: Measurement) => {
  if (logDir) writeFileSync(path.join(logDir, `${what.replace(/[^a-z0-9]+/gi, '-')}.log`), m.log);
  say(`  ${what}: ${seconds(m.ms)}, peak ${bytes(m.peakTreePssBytes)} (largest process ${bytes(m.maxProcessRssBytes)}; at the peak: ${m.peakParts ?? 'n/a'})`);
};

const name = positionals[0] ?? fail(`usage: npm run bench -- <${Object.keys(SCENARIOS).filter((k) => k !== 'tiny').join('|')}> [--runs N] [--compare] [--scale F] [--stages ${STAGES.join(',')}] [--keep]`);
const runs = Number(values.runs);
const scale = Number(values.scale);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs ${values.runs}: expected a whole number of runs, 1 or more`);
if (!(scale > 0)) fail(`--scale ${values.scale}: expected a positive number such as 0.02`);
const stages = new Set(values.stages!.split(',').map((s) => s.trim()));
for (const s of stages) if (!(STAGES as readonly string[]).includes(s)) fail(`--stages: unknown stage "${s}"; expected some of ${STAGES.join(', ')}`);
let scenario;
try {
  scenario = scaled(scenarioByName(name), scale);
} catch (e) {
  fail((e as Error).message);
}

// Read now, not when the results are written: a fleet run lasts long enough for commits in between,
// and the results must name the code that was measured.
const commit = (await runCommand('git', ['rev-parse', 'HEAD'], { cwd: ROOT })).trim();
const dirty = (await runCommand('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT })).trim() !== '';
const work = mkdtempSync(path.join(os.tmpdir(), `scarbook-bench-${name}-`));
const notes: string[] = [];
logDir = path.join(work, 'logs');
mkdirSync(logDir);
say(`Benchmark ${scenario.name} in ${work} (${runs} run(s)${values.compare ? ', compared with bare Astro + Pagefind' : ''})`);
try {
  const started = performance.now();
  const site: GeneratedSite = scenario.kind === 'example' ? await copyExample(work) : await generateSite(scenario, work);
  const generateMs = performance.now() - started;
  say(`  generated: ${site.files.runbooks} runbooks, ${site.files.decisions} decisions, ${site.files.drills} drills (${site.files.journals} journals), ${site.lab.sources || 'example'} sources, ${bytes(site.lab.rawBytes)} raw lab output in ${seconds(generateMs)}`);

  const pulls: Measurement[] = [];
  const merges: Measurement[] = [];
  let lab: Result['lab'] = null;
  const env = { ...process.env, SCARBOOK_CONTENT_DIR: site.contentPath };
  const prof = values.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values.profile)] : [];
  for (let r = 1; r <= runs && (stages.has('pull') || stages.has('merge')); r++) {
    // Every run replays into an empty lab folder: the first pull of a fleet, the expensive one.
    rmSync(path.join(site.contentPath, 'lab', 'sources'), { recursive: true, force: true });
    rmSync(path.join(site.contentPath, 'lab', 'pull-status.json'), { force: true });
    const pull = await measureOk(process.execPath, [...prof, path.join(ROOT, 'scripts/lab-pull.ts'), '--replay', site.recordedDir, '--strict'], { cwd: ROOT, env, timeoutMs: 3 * 3600_000 });
    pulls.push(pull);
    show(`pull ${r}`, pull);
    if (!stages.has('merge')) continue;
    const merge = await measureOk(process.execPath, [...prof, path.join(ROOT, 'scripts/bench/stages/merge.ts'), site.contentPath], { cwd: ROOT, env, timeoutMs: 3600_000 });
    const out = JSON.parse(merge.log.trim().split('\n').at(-1)!) as { entities: number; edges: number; ms: number };
    lab = { entities: out.entities, edges: out.edges, mergeInProcessMs: out.ms };
    merges.push(merge);
    show(`merge ${r} (${out.entities} entities, ${out.edges} edges)`, merge);
  }
  if (pulls.length) await commitAll(site.contentPath, 'lab pull');

  const colds: Measurement[] = [];
  const warms: Measurement[] = [];
  const bares: Measurement[] = [];
  const coldVsBare: number[] = [];
  let metrics: SiteMetrics | null = null;
  if (stages.has('build')) {
    const ours = { contentPath: site.contentPath, out: path.join(work, 'dist'), cache: path.join(work, 'cache') };
    const bareDir = path.join(work, 'bare');
    // Inside the bare project, so its prerender chunks resolve packages through its node_modules link.
    const bare = { contentPath: site.contentPath, out: path.join(bareDir, 'dist'), cache: path.join(bareDir, '.cache') };
    if (values.compare) writeBareProject(bareDir, ROOT);
    for (let r = 1; r <= runs; r++) {
      // Alternate which build goes first, so drift in machine load hits both sides alike.
      const order = values.compare ? (r % 2 ? ['ours', 'bare'] : ['bare', 'ours']) : ['ours'];
      let cold: Measurement | undefined;
      let bareRun: Measurement | undefined;
      for (const which of order) {
        if (which === 'bare') {
          bareRun = await buildBare(bareDir, bare);
          bares.push(bareRun);
          show(`bare Astro + Pagefind ${r}`, bareRun);
          continue;
        }
        cold = await buildOurs(ours, true);
        colds.push(cold);
        show(`cold build ${r}`, cold);
        if (r === 1) metrics = siteMetrics(ours.out, site.sampleRunbook);
        await editRunbook(site.contentPath, site.sampleRunbook, r);
        const warm = await buildOurs(ours, false);
        warms.push(warm);
        show(`warm rebuild ${r}`, warm);
      }
      if (cold && bareRun) coldVsBare.push(cold.ms / bareRun.ms);
    }
    if (metrics?.clientRenderedDiagrams) notes.push(`${metrics.clientRenderedDiagrams} diagram(s) were left to the browser: no Chromium at build time (SCARBOOK_CHROMIUM) or a render failure.`);
  }

  let scaling: ScalingPoint[] = [];
  if (stages.has('scaling')) {
    // The 1k scenario's lab (or this scenario's, when it is that small) at 1×, 4× and 16×.
    const oneK = SCENARIOS['1k'] as { hosts: number; sites: number; containers: number };
    const base = scenario.kind === 'generated' && scenario.hosts <= oneK.hosts ? scenario : oneK;
    say(`  graph algorithms at 1×, 4×, 16× of ${base.hosts} hosts, ${base.containers} containers, ${base.sites} sites:`);
    scaling = await graphScaling({ hosts: base.hosts, sites: base.sites, containers: base.containers }, [1, 4, 16], SEED, 3, say);
  }

  const version = (pkg: string) => (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const result: Result = {
    schemaVersion: 1,
    generatedBy: 'scarbook bench (scripts/bench/run.ts)',
    scenario: scenario.kind === 'example'
      ? { name: scenario.name, runbooks: null, hosts: null, sites: null, containers: null, scale }
      : { name: scenario.name, runbooks: scenario.runbooks, hosts: scenario.hosts, sites: scenario.sites, containers: scenario.containers, scale },
    date: new Date().toISOString(),
    git: { commit, dirty },
    machine: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown', memoryBytes: os.totalmem(), os: `${os.type()} ${os.release()}` },
    versions: { node: process.versions.node, astro: version('astro'), pagefind: version('pagefind') },
    runs,
    content: { ...site.files, sources: site.lab.sources, rawBytes: site.lab.rawBytes },
    stages: {
      generate: { ms: generateMs, peakRssBytes: null, maxProcessRssBytes: null, samplesMs: [Math.round(generateMs)] },
      pull: stage(pulls), merge: stage(merges), coldBuild: stage(colds), warmBuild: stage(warms), bareBuild: stage(bares),
    },
    lab,
    ratios: {
      coldVsBare: coldVsBare.length ? median(coldVsBare) : null,
      warmVsCold: colds.length && warms.length ? median(warms.map((w) => w.ms)) / median(colds.map((c) => c.ms)) : null,
    },
    site: metrics && { ...metrics },
    scaling,
    notes,
  };
  const files = await writeResults(path.resolve(values.out!), result);
  say('');
  for (const c of checks(result)) say(`  ${c.ok === null ? '–' : c.ok ? '✓' : '✗'} ${c.name}: ${c.value} (target ${c.target})`);
  say(`\nResults: ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
} catch (e) {
  console.error(`Benchmark ${scenario.name} failed: ${(e as Error).message}`);
  if (!values.keep) say(`(work folder removed; run again with --keep to inspect it)`);
  process.exitCode = 1;
} finally {
  if (values.keep) say(`Work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
