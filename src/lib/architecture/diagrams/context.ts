import { worstSurvival, type Survival } from '../../drills/survival.ts';
import { hostOfEntity, SERVICE_KINDS } from '../arch-graph.ts';
import type { Findings } from '../findings.ts';
import { MAX_NODES, type DiagramNode } from './mermaid-text.ts';

/** Where things live on the site; pages pass functions built on `href()`, tests pass plain ones. */
export interface ArchUrls {
  /** The page of an entity: its architecture view for hosts and services, else its lab page. */
  entity(id: string): string;
  site(site: string): string;
  group(group: string): string;
  /** A page of the architecture section (`findings/`, `network/`). */
  page(path: string): string;
}

export interface ViewContext {
  findings: Findings;
  urls: ArchUrls;
}

const rollups = new WeakMap<Findings, Map<string, Survival>>();

/**
 * Per host, the worst survival of the host and every service living on it: what the overview
 * colours a host (and, worst of its hosts, a rack or site) with. One pass over the entities.
 */
export function hostRollup(f: Findings): Map<string, Survival> {
  let out = rollups.get(f);
  if (out) return out;
  out = new Map();
  const { graph } = f.facts;
  for (const e of graph.entities) {
    if (!SERVICE_KINDS.has(e.kind)) continue;
    const host = hostOfEntity(graph, e.id);
    if (!host) continue;
    const s = f.facts.survival(e.id);
    out.set(host, out.has(host) ? worstSurvival([out.get(host)!, s]) : s);
  }
  rollups.set(f, out);
  return out;
}

export const hostStatus = (ctx: ViewContext, host: string): Survival => hostRollup(ctx.findings).get(host) ?? ctx.findings.facts.survival(host);

/** The name of an entity, or its id when it is not in the lab. */
export const nameOf = (ctx: ViewContext, id: string) => ctx.findings.facts.graph.byId.get(id)?.name ?? id;

/**
 * At most `budget` nodes from `items`: all of them if they fit, else the first `budget - 1`
 * and one node counting the rest (`37 more containers`), linking where the full list is.
 */
export function capped<T>(items: readonly T[], budget: number, toNode: (item: T) => DiagramNode, more: (rest: T[]) => DiagramNode): { nodes: DiagramNode[]; keyOf: Map<T, string> } {
  const keyOf = new Map<T, string>();
  const fits = items.length <= budget;
  const shown = fits ? items : items.slice(0, Math.max(0, budget - 1));
  const nodes = shown.map((item) => {
    const n = toNode(item);
    keyOf.set(item, n.key);
    return n;
  });
  if (!fits) {
    const rest = items.slice(shown.length);
    const m = more(rest);
    for (const item of rest) keyOf.set(item, m.key);
    nodes.push(m);
  }
  return { nodes, keyOf };
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

export { MAX_NODES };
