import type { Entity } from '../../schemas/lab.ts';
import { archGraph, isProduction, type ArchGraph, type LabLike } from './arch-graph.ts';
import { blastRadius, type Casualty } from './blast-radius.ts';

export interface SinglePointOfFailure {
  entity: string;
  kind: string;
  name: string;
  /** Production services its loss takes down (not counting itself). */
  takesDown: Casualty[];
  /** Of those, how many go down only through a dependency rather than by sitting on it. */
  throughDependencies: number;
}

export interface SpofOptions {
  /** What counts as production; default: `mode: production`. */
  production?: (e: Entity) => boolean;
  /** Kinds whose single loss is tested; default: hosts, VMs, containers, volumes, bind mounts. */
  kinds?: readonly string[];
}

const DEFAULT_KINDS = ['host', 'vm', 'container', 'volume', 'bind-mount'];

/**
 * One host, container or volume whose loss takes down other production services: through a
 * dependency (the container "tidied up" that was the only DNS server), or, for a machine, by
 * running them. A volume that only its own container needs is a backup question, not listed here. Each candidate's failure is
 * propagated once: the total cost is the sum of the blast radii, linear for a lab whose
 * radii are bounded. Worst first: most production services taken down.
 */
export function singlePointsOfFailure(lab: LabLike | ArchGraph, options: SpofOptions = {}): SinglePointOfFailure[] {
  const graph = archGraph(lab);
  const production = options.production ?? isProduction;
  const kinds = new Set(options.kinds ?? DEFAULT_KINDS);
  const out: SinglePointOfFailure[] = [];
  for (const candidate of graph.entities) {
    if (!kinds.has(candidate.kind)) continue;
    // Nothing names it as a requirement (hosts also hold volumes implicitly): its loss is its own.
    if (candidate.in.length === 0 && candidate.kind !== 'host') continue;
    const takesDown = blastRadius(graph, candidate.id).down.filter((c) => production(graph.byId.get(c.id)!));
    const throughDependencies = takesDown.filter((c) => !c.direct).length;
    // A machine is the classic single point; a volume or container only when others need it.
    const machine = candidate.kind === 'host' || candidate.kind === 'vm';
    if (throughDependencies === 0 && !(machine && takesDown.length > 0)) continue;
    out.push({ entity: candidate.id, kind: candidate.kind, name: candidate.name, takesDown, throughDependencies });
  }
  return out.sort((a, b) => b.takesDown.length - a.takesDown.length || b.throughDependencies - a.throughDependencies || a.entity.localeCompare(b.entity));
}
