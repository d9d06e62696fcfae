import { worstSurvival } from '../../drills/survival.ts';
import { declaredOnly } from '../arch-graph.ts';
import { blastRadius, type BlastRadius, type Casualty } from '../blast-radius.ts';
import { capped, hostStatus, plural, type ViewContext } from './context.ts';
import { flowchart, type Diagram, type DiagramEdge, type DiagramNode } from './mermaid-text.ts';

const LINK_WORDS: Record<string, string> = { 'runs-on': 'runs on', 'stores-on': 'stores on', 'located-on': 'stored on', 'depends-on': 'depends on', 'routes-to': 'routes to' };
/** Direct casualties drawn one by one before they collapse into counts per kind. */
const DIRECT_BUDGET = 34;
const TRANSITIVE_BUDGET = 22;

const shapeOf = (kind: string) => (kind === 'volume' || kind === 'bind-mount' ? 'cylinder' : kind === 'route' ? 'hexagon' : 'box');

/**
 * A host and its blast radius: what runs and is stored on it (collapsed into "37 containers"
 * when there are too many) and what goes down with it through dependencies.
 */
export function hostDiagram(ctx: ViewContext, hostId: string, radius: BlastRadius = blastRadius(ctx.findings.facts.graph, hostId)): Diagram {
  const { facts } = ctx.findings;
  const host = facts.graph.byId.get(hostId);
  const hostUrl = ctx.urls.entity(hostId);
  const nodes: DiagramNode[] = [{ key: hostId, label: `${host?.name ?? hostId} (host)`, status: hostStatus(ctx, hostId), href: hostUrl, shape: 'round' }];
  const keyOf = new Map<string, string>([[hostId, hostId]]);
  const node = (c: Casualty, group: string): DiagramNode => ({
    key: c.id, label: `${c.name}${c.production ? ' · production' : ''}`, status: facts.survival(c.id), href: ctx.urls.entity(c.id), shape: shapeOf(c.kind), group,
  });

  // Direct: one node each while they fit, else one per kind ("37 containers").
  if (radius.direct.length <= DIRECT_BUDGET) {
    for (const c of radius.direct) {
      nodes.push(node(c, 'here'));
      keyOf.set(c.id, c.id);
    }
  } else {
    const byKind = new Map<string, Casualty[]>();
    for (const c of radius.direct) {
      const list = byKind.get(c.kind);
      if (list) list.push(c);
      else byKind.set(c.kind, [c]);
    }
    for (const [kind, list] of byKind) {
      const key = `${hostId}#${kind}`;
      nodes.push({ key, label: plural(list.length, kind), status: worstSurvival(list.map((c) => facts.survival(c.id))), href: `${hostUrl}#runs-here`, shape: 'stadium', group: 'here' });
      for (const c of list) keyOf.set(c.id, key);
    }
  }
  const transitive = capped(radius.transitive, TRANSITIVE_BUDGET, (c) => node(c, 'deps'), (rest) => ({
    key: `${hostId}#more-down`, label: `${plural(rest.length, 'more')} go down`, status: worstSurvival(rest.map((c) => facts.survival(c.id))), href: `${hostUrl}#blast-radius`, shape: 'stadium', group: 'deps',
  }));
  nodes.push(...transitive.nodes);
  for (const [c, key] of transitive.keyOf) keyOf.set(c.id, key);

  const seen = new Set<string>();
  const edges: DiagramEdge[] = [];
  for (const c of radius.down) {
    const from = keyOf.get(c.id);
    const to = keyOf.get(c.because);
    if (!from || !to || from === to || seen.has(`${from}>${to}`)) continue;
    seen.add(`${from}>${to}`);
    const evidence = facts.graph.byId.get(c.id)?.out.find((e) => e.to === c.because && e.type === c.link);
    edges.push({ from, to, label: LINK_WORDS[c.link], dashed: evidence ? declaredOnly(evidence) : false });
  }
  const groups = [
    ...(radius.direct.length ? [{ key: 'here', label: 'Runs or is stored here' }] : []),
    ...(radius.transitive.length ? [{ key: 'deps', label: 'Goes down with it through dependencies' }] : []),
  ];
  // Only what goes down through a dependency makes a path worth a picture; what merely runs or is
  // stored here is a star around the host, which the table says as well (statuses included). On
  // the 1,000-runbook benchmark 38 of 40 host views were such stars of up to 24 nodes.
  const worthDrawing = radius.transitive.length > 0;
  return flowchart({ anchor: 'blast-radius-diagram', title: `If ${host?.name ?? hostId} dies: its blast radius`, direction: 'RL', nodes, groups, edges, worthDrawing });
}
