import type { ArchGraph } from './arch-graph.ts';
import type { ViewContext } from './diagrams/context.ts';
import { dataDiagram } from './diagrams/data.ts';
import { hostDiagram } from './diagrams/host.ts';
import type { Diagram } from './diagrams/mermaid-text.ts';
import { networkDiagram } from './diagrams/network.ts';
import { groupDiagram, overviewDiagram, siteDiagram, sitesOf } from './diagrams/overview.ts';
import { serviceDiagram } from './diagrams/service.ts';

/** Entities with a host view: every host. */
export const hostViewIds = (graph: ArchGraph) => graph.entities.filter((e) => e.kind === 'host').map((e) => e.id);

/**
 * Past this many containers, a page (and a diagram) per container would drown the site: a fleet
 * has 50,000 of them. They are then shown on their host's view only, as the lab pages do.
 */
export const MAX_CONTAINER_VIEWS = 1000;

/**
 * Entities with a service view: containers (up to MAX_CONTAINER_VIEWS) and VMs, and services that
 * something depends on or routes to (a Compose project's service entity only groups its containers).
 */
export function serviceViewIds(graph: ArchGraph, maxContainers = MAX_CONTAINER_VIEWS): string[] {
  const containers = graph.entities.filter((e) => e.kind === 'container').length;
  return graph.entities
    .filter((e) => (e.kind === 'container' && containers <= maxContainers) || e.kind === 'vm' || (e.kind === 'service' && [...e.in, ...e.out].some((x) => x.type === 'depends-on' || x.type === 'routes-to')))
    .map((e) => e.id);
}

/** Every diagram the architecture section shows, with the page it is on (for tests and benchmarks). */
export function* allDiagrams(ctx: ViewContext): Generator<{ page: string; diagram: Diagram }> {
  yield { page: 'overview', diagram: overviewDiagram(ctx) };
  for (const s of sitesOf(ctx)) {
    if (s.site) yield { page: `site ${s.site}`, diagram: siteDiagram(ctx, s.site) };
    for (const g of s.groups) if (g.group) yield { page: `group ${g.group}`, diagram: groupDiagram(ctx, g) };
  }
  yield { page: 'network', diagram: networkDiagram(ctx) };
  yield { page: 'data', diagram: dataDiagram(ctx) };
  const graph = ctx.findings.facts.graph;
  for (const id of hostViewIds(graph)) yield { page: `host ${id}`, diagram: hostDiagram(ctx, id) };
  for (const id of serviceViewIds(graph)) yield { page: `service ${id}`, diagram: serviceDiagram(ctx, id) };
}
