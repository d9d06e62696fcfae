import { createHash } from 'node:crypto';
import type { Survival } from '../../drills/survival.ts';

/** No diagram over this many nodes (groups included): beyond it, views collapse nodes into counts. */
export const MAX_NODES = 60;
/** Labels longer than this (in characters) are cut with an ellipsis. */
export const MAX_LABEL = 48;

export type Shape = 'box' | 'round' | 'stadium' | 'cylinder' | 'hexagon';

export interface DiagramNode {
  /** What the node stands for (an entity id, or a collapsed group's key): hashed into the mermaid id. */
  key: string;
  label: string;
  status?: Survival;
  href?: string;
  shape?: Shape;
  /** Key of the group (subgraph) it is drawn in. */
  group?: string;
}

export interface DiagramGroup {
  key: string;
  label: string;
  href?: string;
  parent?: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** A fixed word from the code (`runs on`), never text from the lab. */
  label?: string;
  /** Declared by a document but never observed: drawn dashed. */
  dashed?: boolean;
  /** Layout only (`~~~`): lines up unconnected nodes in rows instead of one endless row. */
  invisible?: boolean;
}

export interface Diagram {
  /** Stable HTML anchor of the diagram on its page. */
  anchor: string;
  title: string;
  source: string;
  nodes: DiagramNode[];
  groups: DiagramGroup[];
  edges: DiagramEdge[];
  /**
   * False when the picture says nothing its table does not (one or two boxes, or a view's own
   * rule): the page shows the table alone and the build renders nothing for it.
   */
  worthDrawing: boolean;
}

/** Colours per survival status: dark text on a light fill; dark mode inverts both (diagram.css), hue kept. */
export const STATUS_STYLE: Record<Survival, { fill: string; stroke: string; words: string }> = {
  survived: { fill: '#b7e4c7', stroke: '#2d6a4f', words: 'survived its drills' },
  degraded: { fill: '#ffe08a', stroke: '#9a7400', words: 'degraded in a drill' },
  failed: { fill: '#f5a3a3', stroke: '#a4161a', words: 'failed a drill' },
  stale: { fill: '#d9c8f0', stroke: '#5e3f8f', words: 'survived, longer ago than max_age' },
  'never-tested': { fill: '#e2e2e2', stroke: '#6b6b6b', words: 'never tested' },
};

/** A mermaid node id from any key: a hash, never the raw name, so ids are stable and inert. */
export function mermaidId(prefix: 'n' | 'g', key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

// Inside a quoted label only these mean something: `"` ends it, `<`/`>`/`&` are markup and
// entities, `#…;` is mermaid's entity syntax, backticks start markdown strings, `%%{` a directive.
// They are swapped for look-alikes, so the label reads the same and means nothing to mermaid or HTML.
// Brackets, pipes and the rest are plain text inside quotes (the fuzz test holds mermaid to that).
const LOOKALIKE: Record<string, string> = { '"': '″', '<': '‹', '>': '›', '&': '＆', '#': '＃', '`': 'ˋ', '%': '％', '\\': '∖' };

/**
 * A label safe inside `["…"]`: control, format and unpaired surrogate characters dropped,
 * whitespace folded, markup and mermaid syntax swapped for look-alikes, cut to `max` characters.
 */
export function escapeLabel(text: string, max = MAX_LABEL): string {
  const clean = [...String(text).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/gu, ' ').replace(/\p{Cs}/gu, '\ufffd')]
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...clean];
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : clean;
  return [...cut].map((c) => LOOKALIKE[c] ?? c).join('') || '∅';
}

const SHAPES: Record<Shape, [string, string]> = {
  box: ['[', ']'], round: ['(', ')'], stadium: ['([', '])'], cylinder: ['[(', ')]'], hexagon: ['{{', '}}'],
};

/** Only site paths and web links may become node links (never `javascript:`). */
export const safeHref = (href: string | undefined) => (href && /^(\/|https?:\/\/)[^\s"'<>`]*$/.test(href) ? href : undefined);

/**
 * Flowchart source from nodes, groups and edges. Node ids are hashes of their keys; links are
 * `%% link <id> <href>` comments that the build turns into SVG links (mermaid's own `click`
 * is disabled by `securityLevel: 'strict'`). Throws when a view forgot to collapse.
 */
export function flowchart(d: { anchor: string; title: string; direction?: 'LR' | 'RL' | 'TB'; nodes: DiagramNode[]; groups?: DiagramGroup[]; edges?: DiagramEdge[]; worthDrawing?: boolean }): Diagram {
  const groups = d.groups ?? [];
  const edges = d.edges ?? [];
  if (d.nodes.length + groups.length > MAX_NODES) {
    throw new Error(`diagram ${d.anchor} has ${d.nodes.length + groups.length} nodes; collapse it to at most ${MAX_NODES}`);
  }
  const known = new Set(d.nodes.map((n) => n.key));
  const lines = [`flowchart ${d.direction ?? 'LR'}`, `accTitle: ${escapeLabel(d.title, 120)}`];
  const links: string[] = [];
  const nodeLine = (n: DiagramNode) => {
    const [open, close] = SHAPES[n.shape ?? 'box'];
    const href = safeHref(n.href);
    if (href) links.push(`%% link ${mermaidId('n', n.key)} ${href}`);
    return `${mermaidId('n', n.key)}${open}"${escapeLabel(n.label)}"${close}${n.status ? `:::${cssClass(n.status)}` : ''}`;
  };
  const emit = (parent: string | undefined, depth: number) => {
    const pad = '  '.repeat(depth);
    for (const g of groups.filter((x) => x.parent === parent)) {
      const href = safeHref(g.href);
      if (href) links.push(`%% link ${mermaidId('g', g.key)} ${href}`);
      lines.push(`${pad}subgraph ${mermaidId('g', g.key)}["${escapeLabel(g.label)}"]`);
      emit(g.key, depth + 1);
      lines.push(`${pad}end`);
    }
    for (const n of d.nodes.filter((x) => x.group === parent || (parent === undefined && x.group !== undefined && !groups.some((g) => g.key === x.group)))) lines.push(pad + nodeLine(n));
  };
  emit(undefined, 1);
  // Collapsed nodes stand for many entities: their edges are drawn once.
  const drawn = new Set<string>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}\u0000${e.label ?? ''}\u0000${e.dashed ? 1 : 0}`;
    if (!known.has(e.from) || !known.has(e.to) || drawn.has(key)) continue;
    drawn.add(key);
    const arrow = e.invisible ? '~~~' : e.dashed ? '-.->' : '-->';
    const label = e.label && !e.invisible ? `|"${escapeLabel(e.label, 24)}"|` : '';
    lines.push(`  ${mermaidId('n', e.from)} ${arrow}${label} ${mermaidId('n', e.to)}`);
  }
  for (const [status, s] of Object.entries(STATUS_STYLE)) lines.push(`  classDef ${cssClass(status as Survival)} fill:${s.fill},stroke:${s.stroke},color:#111`);
  lines.push(...links);
  const worthDrawing = (d.worthDrawing ?? true) && d.nodes.length + groups.length >= 3;
  return { anchor: d.anchor, title: d.title, source: lines.join('\n'), nodes: d.nodes, groups, edges, worthDrawing };
}

/** Invisible edges that arrange `keys` in rows of `columns` (for lists of unconnected nodes). */
export function gridEdges(keys: readonly string[], columns = 6): DiagramEdge[] {
  return keys.slice(columns).map((key, i) => ({ from: keys[i]!, to: key, invisible: true }));
}

/** `never-tested` → `st-never-tested`: a class name that cannot clash with mermaid's own. */
export const cssClass = (s: Survival) => `st-${s}`;
