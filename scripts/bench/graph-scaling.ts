import { LAB_SCHEMA_VERSION, type LabGraph, type SourceSnapshot } from '../../src/schemas/lab.ts';
import { findDrift } from '../../src/lib/lab/drift.ts';
import { mergeGraph } from '../../src/lib/lab/merge-graph.ts';
import { normalizeObservation } from '../lab/normalize.ts';
import { collectorFor } from '../lab/registry.ts';
import { GENERATED_BY } from '../lab/store.ts';
import { planLab, type LabSize } from './lab/plan.ts';
import { plannedSources } from './lab/write-lab.ts';

/** One size of the scaling series: the graph's size and each algorithm's median time (null: not available yet). */
export interface ScalingPoint {
  factor: number;
  hosts: number;
  entities: number;
  edges: number;
  parseMs: number;
  mergeMs: number;
  driftMs: number;
  blastRadiusMs: number | null;
  spofMs: number | null;
  /** Why an algorithm has no time (module missing, or it threw). */
  notes: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function time<T>(reps: number, fn: () => T): { ms: number; value: T } {
  let value!: T;
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    value = fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value };
}

/** Parses the raw output of every source of a plan with the real collectors: the snapshots a replay writes. */
export function snapshotsOf(size: LabSize): SourceSnapshot[] {
  return plannedSources(planLab(size)).map((s) => {
    const collector = collectorFor(s.entry.type);
    const config = collector.configSchema.parse(s.entry);
    const { entities, edges } = normalizeObservation(collector.parse(s.raw(), config as never), s.entry.name);
    return { schemaVersion: LAB_SCHEMA_VERSION, generatedBy: GENERATED_BY, source: { name: s.entry.name, type: s.entry.type }, entities, edges } as SourceSnapshot;
  });
}

type Architecture = {
  blastRadius?: (lab: LabGraph, id: string) => unknown;
  singlePointsOfFailure?: (lab: LabGraph) => unknown;
};

/** The architecture algorithms, when their modules exist (they are built alongside this harness). */
async function architecture(): Promise<Architecture> {
  const load = async (file: string) => {
    try {
      return (await import(new URL(`../../src/lib/architecture/${file}`, import.meta.url).href)) as Architecture;
    } catch {
      return {};
    }
  };
  return { ...(await load('blast-radius.ts')), ...(await load('spof.ts')) };
}

/**
 * Times merge, drift, blast radius and single points of failure on the same lab at several sizes
 * (hosts, sites and containers all multiplied), to show they grow linearly or as n log n.
 */
export async function graphScaling(base: Omit<LabSize, 'seed'>, factors: number[], seed: string, reps = 3, log: (m: string) => void = () => {}): Promise<ScalingPoint[]> {
  const arch = await architecture();
  const out: ScalingPoint[] = [];
  // A warm-up pass at the smallest size, not recorded: otherwise 1× pays for the JIT and flatters the growth.
  for (const [i, factor] of [factors[0]!, ...factors].entries()) {
    const warmUp = i === 0;
    const size = { hosts: base.hosts * factor, sites: base.sites * factor, containers: base.containers * factor, seed };
    const parsed = time(1, () => snapshotsOf(size));
    const snapshots = parsed.value;
    const merged = time(reps, () => mergeGraph({ snapshots, statuses: [], hostAliases: {} }));
    const graph = merged.value;
    const drift = time(reps, () => findDrift(graph.entities, snapshots));
    const notes: string[] = [];
    const optional = (name: string, fn: (() => unknown) | undefined): number | null => {
      if (!fn) {
        notes.push(`${name}: module not available`);
        return null;
      }
      try {
        return time(reps, fn).ms;
      } catch (e) {
        notes.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
        return null;
      }
    };
    // Every Proxmox node (their number grows with the lab): a constant-size radius each, so the total should grow linearly.
    const nodes = graph.entities.filter((e) => e.kind === 'host' && /-pve\d+$/.test(e.name)).map((e) => e.id);
    const blast = optional('blast radius', arch.blastRadius && (() => nodes.forEach((id) => arch.blastRadius!(graph, id))));
    const spof = optional('single points of failure', arch.singlePointsOfFailure && (() => arch.singlePointsOfFailure!(graph)));
    if (warmUp) continue;
    out.push({ factor, hosts: size.hosts, entities: graph.entities.length, edges: graph.edges.length, parseMs: parsed.ms, mergeMs: merged.ms, driftMs: drift.ms, blastRadiusMs: blast, spofMs: spof, notes });
    log(`  ${factor}×: ${graph.entities.length} entities, ${graph.edges.length} edges; merge ${merged.ms.toFixed(0)} ms, drift ${drift.ms.toFixed(1)} ms, blast radius of ${nodes.length} nodes ${blast?.toFixed(1) ?? 'n/a'} ms, SPOF ${spof?.toFixed(0) ?? 'n/a'} ms`);
  }
  return out;
}
