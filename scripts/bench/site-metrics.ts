import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { filesUnder } from '../../src/lib/files-under.ts';
import { entryId } from '../../src/lib/entry-id.ts';
import { SEARCH_BUNDLES, SEARCH_FOLDERS } from '../../src/integrations/search-bundles.ts';

/** Sizes of a built site that the targets are about. */
export interface SiteMetrics {
  outputBytes: number;
  files: number;
  pages: number;
  pagefindBytes: number;
  runbookPage: { path: string; htmlBytes: number; htmlGzipBytes: number; upfrontJsBytes: number; upfrontJsGzipBytes: number; scripts: string[] } | null;
  largestDiagram: DiagramSize | null;
  /** The diagram with the most source text (Mermaid refuses more than 50,000 characters). */
  longestDiagramSource: { page: string; chars: number } | null;
  diagrams: number;
  /** Diagrams left for the browser to render (no Chromium at build, or a render failure). */
  clientRenderedDiagrams: number;
}

export interface DiagramSize { page: string; nodes: number; edges: number; sourceChars: number | null; svgBytes: number | null }

export function dirBytes(dir: string): number {
  return filesUnder(dir).reduce((n, f) => n + statSync(f).size, 0);
}

/** The built page of a content file (`runbooks/dns/x.md` → `runbooks/dns/x/index.html`). */
export function pageOf(contentFile: string): string {
  const [section, ...rest] = contentFile.split('/');
  return `${section}/${entryId(rest.join('/'))}/index.html`;
}

const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.m?js)["']/g;
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const PRELOAD = /<link\b[^>]*\brel=["']?modulepreload["']?[^>]*>/gi;
const attr = (tag: string, name: string) => new RegExp(`\\b${name}=["']?([^"'\\s>]+)`, 'i').exec(tag)?.[1];

/**
 * JavaScript a page loads before anyone uses the search box: inline scripts, `<script src>`,
 * module preloads and the static imports of those modules, transitively. Dynamic `import()`
 * (the Pagefind UI on first use) is not counted: it is not loaded up front.
 */
export function upfrontJs(html: string, dist: string, pageFile: string): { bytes: number; gzipBytes: number; scripts: string[] } {
  const seen = new Set<string>();
  const texts: string[] = [];
  const resolve = (url: string, from: string) => (url.startsWith('/') ? path.join(dist, url.split(/[?#]/)[0]!) : path.resolve(path.dirname(from), url.split(/[?#]/)[0]!));
  const load = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    texts.push(text);
    for (const m of text.matchAll(STATIC_IMPORT)) load(resolve(m[1]!, file));
  };
  for (const m of html.matchAll(SCRIPT)) {
    const attrs = m[1] ?? '';
    if (/type=["']?application\/(ld\+)?json/i.test(attrs)) continue;
    const src = attr(attrs, 'src');
    if (src) load(resolve(src, pageFile));
    else if (m[2]!.trim()) {
      texts.push(m[2]!);
      for (const i of m[2]!.matchAll(STATIC_IMPORT)) load(resolve(i[1]!, pageFile));
    }
  }
  for (const tag of html.match(PRELOAD) ?? []) {
    const href = attr(tag, 'href');
    if (href) load(resolve(href, pageFile));
  }
  const all = texts.join('\n');
  return { bytes: Buffer.byteLength(all), gzipBytes: gzipSync(all).length, scripts: [...seen].map((f) => path.relative(dist, f)) };
}

/** Nodes and edges of each diagram in a page: rendered SVGs (with the source shown beside them) or sources left for the browser. */
export function diagramsIn(html: string, page: string): (DiagramSize & { client: boolean })[] {
  const out: (DiagramSize & { client: boolean })[] = [];
  const FIGURE = /<figure class="diagram"[^>]*>(<svg[\s\S]*?<\/svg>)<\/figure>(?:<details class="diagram-source"[^>]*><summary>Diagram source<\/summary><pre>([\s\S]*?)<\/pre>)?/g;
  for (const m of html.matchAll(FIGURE)) {
    const svg = m[1]!;
    const sourceChars = m[2] === undefined ? null : decode(m[2]).length;
    out.push({ page, nodes: (svg.match(/<g class="node[ "]/g) ?? []).length, edges: (svg.match(/<path [^>]*data-edge="true"/g) ?? []).length, sourceChars, svgBytes: Buffer.byteLength(svg), client: false });
  }
  for (const m of html.matchAll(/<pre\b[^>]*data-diagram-source[^>]*>([\s\S]*?)<\/pre>/g)) {
    const source = decode(m[1]!);
    const { nodes, edges } = countFlowchart(source);
    out.push({ page, nodes, edges, sourceChars: source.length, svgBytes: null, client: true });
  }
  return out;
}

/** Nodes and edges of a flowchart source (`A[x] -->|label| B`), for diagrams the build left unrendered. */
export function countFlowchart(source: string): { nodes: number; edges: number } {
  const nodes = new Set<string>();
  let edges = 0;
  const ARROW = /\s*(?:-->|---|==>|-\.->|--[ox])\s*(?:\|[^|]*\|\s*)?/;
  for (const line of source.split('\n').slice(1)) {
    const parts = line.trim().split(ARROW).filter(Boolean);
    if (parts.length > 1) edges += parts.length - 1;
    for (const part of parts) {
      const id = /^([A-Za-z_][\w-]*)/.exec(part.trim())?.[1];
      if (id && !/^(subgraph|end|classDef|class|style|linkStyle|click|direction)$/.test(id)) nodes.add(id);
    }
  }
  return { nodes: nodes.size, edges };
}

const decode = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

export function siteMetrics(dist: string, sampleContentFile: string): SiteMetrics {
  const files = filesUnder(dist);
  const pages = files.filter((f) => f.endsWith('.html'));
  let largest: DiagramSize | null = null;
  let longest: SiteMetrics['longestDiagramSource'] = null;
  let diagrams = 0;
  let client = 0;
  for (const file of pages) {
    const html = readFileSync(file, 'utf8');
    if (!html.includes('class="diagram') && !html.includes('data-diagram-source')) continue;
    for (const d of diagramsIn(html, path.relative(dist, file))) {
      diagrams++;
      if (d.client) client++;
      if (!largest || d.nodes + d.edges > largest.nodes + largest.edges) largest = { page: d.page, nodes: d.nodes, edges: d.edges, sourceChars: d.sourceChars, svgBytes: d.svgBytes };
      if (d.sourceChars !== null && (!longest || d.sourceChars > longest.chars)) longest = { page: d.page, chars: d.sourceChars };
    }
  }
  const pageFile = path.join(dist, pageOf(sampleContentFile));
  let runbookPage: SiteMetrics['runbookPage'] = null;
  if (existsSync(pageFile)) {
    const html = readFileSync(pageFile, 'utf8');
    const js = upfrontJs(html, dist, pageFile);
    runbookPage = { path: path.relative(dist, pageFile), htmlBytes: Buffer.byteLength(html), htmlGzipBytes: gzipSync(html).length, upfrontJsBytes: js.bytes, upfrontJsGzipBytes: js.gzipBytes, scripts: js.scripts };
  }
  return {
    outputBytes: files.reduce((n, f) => n + statSync(f).size, 0), files: files.length, pages: pages.length,
    pagefindBytes: SEARCH_BUNDLES.reduce((n, bundle) => n + dirBytes(path.join(dist, SEARCH_FOLDERS[bundle])), 0), runbookPage, largestDiagram: largest, longestDiagramSource: longest, diagrams, clientRenderedDiagrams: client,
  };
}
