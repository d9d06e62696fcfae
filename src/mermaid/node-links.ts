// Node links for pre-rendered diagrams. `securityLevel: 'strict'` disables mermaid's `click … href`,
// so generated diagrams carry `%% link <nodeId> <href>` comments instead (mermaid ignores them),
// and the build wraps each node's SVG group in an <a>: links that work with no JavaScript.

const LINK_LINE = /^%% link ([A-Za-z][\w-]*) ((?:\/|https?:\/\/)[^\s"'<>`]*)$/gm;

/** `%% link` comments of a source: mermaid node (or subgraph) id → href. */
export function nodeLinks(source: string): Map<string, string> {
  return new Map([...source.matchAll(LINK_LINE)].map((m) => [m[1]!, m[2]!]));
}

const attr = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/**
 * Wraps the <g> of every linked node (`id="…-flowchart-<node>-<n>"`) or subgraph (`id="…-<node>"`)
 * in `<a href>`. Finds each group's end by counting nested <g>, so a node's whole drawing is the link.
 */
export function linkSvgNodes(svg: string, links: Map<string, string>): string {
  if (links.size === 0) return svg;
  const starts: { at: number; end: number; href: string }[] = [];
  for (const m of svg.matchAll(/<g\b[^>]*\bid="[^"]*?-(?:flowchart-)?([A-Za-z][\w]*?)(?:-\d+)?"[^>]*>/g)) {
    const href = links.get(m[1]!);
    if (!href || !/class="[^"]*\b(node|cluster)\b/.test(m[0])) continue;
    starts.push({ at: m.index, end: closingOf(svg, m.index + m[0].length), href });
  }
  if (starts.length === 0) return svg;
  const inserts = starts.flatMap((s) => [
    { at: s.at, text: `<a href="${attr(s.href)}" class="diagram-node-link" tabindex="-1">` },
    { at: s.end, text: '</a>' },
  // Back to front; where one node ends and the next begins, the `<a>` goes in first so that the
  // `</a>` inserted after it lands before it.
  ]).sort((a, b) => b.at - a.at || (a.text === '</a>' ? 1 : -1));
  let out = svg;
  for (const i of inserts) out = out.slice(0, i.at) + i.text + out.slice(i.at);
  return out;
}

/** Offset just after the </g> that closes the <g> whose start tag ends at `from`. */
function closingOf(svg: string, from: number): number {
  const tags = /<(\/?)g\b[^>]*?(\/?)>/g;
  tags.lastIndex = from;
  let depth = 1;
  for (let m = tags.exec(svg); m; m = tags.exec(svg)) {
    if (m[2]) continue; // <g/>
    depth += m[1] ? -1 : 1;
    if (depth === 0) return m.index + m[0].length;
  }
  return svg.length;
}
