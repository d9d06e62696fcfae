import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countFlowchart, diagramsIn, pageOf, siteMetrics, upfrontJs } from './site-metrics.ts';

const dist = mkdtempSync(path.join(tmpdir(), 'bench-metrics-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));
const put = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(dist, rel)), { recursive: true });
  writeFileSync(path.join(dist, rel), text);
};

const ENTRY = 'import{a as b}from"./chunk.js";export*from"./reexport.js";document.querySelector("x").onclick=()=>import("./pagefind-ui.js");';
put('_astro/entry.js', ENTRY);
put('_astro/chunk.js', 'export const a=1;');
put('_astro/reexport.js', 'export const c=2;');
put('_astro/pagefind-ui.js', 'x'.repeat(5000));
put('_astro/preload.js', 'export const p=3;');
const PAGE = `<html><head><script>document.documentElement.dataset.theme="dark"</script>
<script type="application/ld+json">{"@type":"Article"}</script>
<script type="module" src="/_astro/entry.js"></script><link rel="modulepreload" href="/_astro/preload.js"></head>
<body><div class="diagram-block"><figure class="diagram" role="img" aria-label="Flowchart"><svg><g class="nodes"><g class="node default" id="a"></g><g class="node default" id="b"></g></g><path d="M0" data-edge="true"></path></svg></figure><details class="diagram-source" data-pagefind-ignore><summary>Diagram source</summary><pre>flowchart LR
  a --&gt; b</pre></details></div>
<pre class="mermaid" data-diagram-source>flowchart TD
  A[Start] --&gt;|yes| B{Check}
  B --&gt; C[Done]</pre></body></html>`;
put('runbooks/dns/dns-outage/index.html', PAGE);
put('pagefind/pagefind.js', '12345');
put('pagefind-lab/pagefind-entry.json', '{}');

describe('site metrics', () => {
  it('maps a content file to its page as the site does', () => {
    expect(pageOf('runbooks/dns/DNS Outage.md')).toBe('runbooks/dns/dns-outage/index.html');
  });

  it('counts inline scripts, module scripts, preloads and their static imports, not dynamic imports or JSON', () => {
    const js = upfrontJs(PAGE, dist, path.join(dist, 'runbooks/dns/dns-outage/index.html'));
    expect(js.scripts.sort()).toEqual(['_astro/chunk.js', '_astro/entry.js', '_astro/preload.js', '_astro/reexport.js']);
    const inline = 'document.documentElement.dataset.theme="dark"';
    const expected = [inline, ENTRY, 'export const a=1;', 'export const c=2;', 'export const p=3;'].join('\n').length;
    expect(js.bytes).toBe(expected);
  });

  it('counts nodes and edges of rendered and unrendered diagrams', () => {
    expect(countFlowchart('flowchart LR\n  A[x] --> B\n  B -->|no| C(y) --> D\n  subgraph S\n  end')).toEqual({ nodes: 4, edges: 3 });
    const found = diagramsIn(PAGE, 'p');
    expect(found.map(({ nodes, edges, client }) => ({ nodes, edges, client }))).toEqual([{ nodes: 2, edges: 1, client: false }, { nodes: 3, edges: 2, client: true }]);
    expect(found[1]!.sourceChars).toBe('flowchart TD\n  A[Start] -->|yes| B{Check}\n  B --> C[Done]'.length);
    // A rendered diagram's source is read back from its "Diagram source" block.
    expect(found[0]!.sourceChars).toBe('flowchart LR\n  a --> b'.length);
  });

  it('sums a built site', () => {
    const m = siteMetrics(dist, 'runbooks/dns/dns-outage.md');
    expect(m.pages).toBe(1);
    // Both search bundles.
    expect(m.pagefindBytes).toBe(7);
    expect(m.diagrams).toBe(2);
    expect(m.clientRenderedDiagrams).toBe(1);
    expect(m.largestDiagram).toMatchObject({ nodes: 3, edges: 2, page: 'runbooks/dns/dns-outage/index.html' });
    expect(m.longestDiagramSource).toEqual({ page: 'runbooks/dns/dns-outage/index.html', chars: 'flowchart TD\n  A[Start] -->|yes| B{Check}\n  B --> C[Done]'.length });
    expect(m.runbookPage?.htmlBytes).toBe(Buffer.byteLength(PAGE));
  });
});
