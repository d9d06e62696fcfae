import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip } from '../../../../tests/helpers/browser.ts';
import { computeFindings, type Findings } from '../findings.ts';
import { readFactsInput } from '../read-inputs.ts';
import { MermaidInChromium } from '../testing/mermaid-in-chromium.ts';
import { syntheticFleet } from '../testing/synthetic-fleet.ts';
import { allDiagrams } from '../views.ts';
import type { ArchUrls, ViewContext } from './context.ts';
import { flowchart, MAX_NODES, type Diagram, type DiagramNode } from './mermaid-text.ts';
import { overviewDiagram } from './overview.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const now = new Date('2026-11-22T00:00:00Z');
const urls: ArchUrls = {
  entity: (id) => `/architecture/e/${encodeURIComponent(id)}/`,
  site: (s) => `/architecture/site/${encodeURIComponent(s)}/`,
  group: (g) => `/architecture/group/${encodeURIComponent(g)}/`,
  page: (p) => `/architecture/${p}`,
};
const ctx = (findings: Findings): ViewContext => ({ findings, urls });
const chromium = chromiumOrSkip('architecture diagrams parse');

describe('diagrams of the example lab and a 7,000-host fleet', () => {
  let example: ViewContext;
  let fleet: ViewContext;
  beforeAll(async () => {
    example = ctx(computeFindings(await readFactsInput(path.join(ROOT, 'content'), ROOT, now)));
    fleet = ctx(computeFindings({ lab: syntheticFleet({ hosts: 7000 }), drills: [], journals: [], documents: [], sources: [], now }));
  });

  it('never draws more than MAX_NODES nodes, even for 7,000 hosts', () => {
    for (const c of [example, fleet]) {
      for (const { page, diagram } of allDiagrams(c)) expect(diagram.nodes.length + diagram.groups.length, page).toBeLessThanOrEqual(MAX_NODES);
    }
    // The fleet's overview is one node per site; its site pages are racks with counts.
    const overview = overviewDiagram(fleet);
    expect(overview.nodes.map((n) => n.label)).toEqual(expect.arrayContaining([expect.stringMatching(/14 racks\/clusters · 1400 hosts$/)]));
  });

  describe.skipIf(chromium === 'skip')('with mermaid’s own parser in Chromium', () => {
    let mermaid: MermaidInChromium;
    beforeAll(async () => {
      mermaid = await MermaidInChromium.launch(chromium as string);
    });
    afterAll(async () => mermaid?.close());

    it('parses every diagram of the example lab and every distinct diagram structure of the fleet', async () => {
      // 7,000+ fleet diagrams (a view per host; its 50,000 containers are past MAX_CONTAINER_VIEWS, so
      // they appear on their hosts' views) share a few structures; labels differ only by names,
      // which all go through escapeLabel (held to mermaid by the fuzz test below). One parse per
      // structure; the example lab's service views are parsed in full.
      const structure = (source: string) => source.replace(/"[^"]*"/g, '""').replace(/\b[ng]_[0-9a-f]{12}\b/g, 'id').replace(/^(accTitle:|%% link id) .*$/gm, '$1');
      const distinct = new Map<string, { page: string; diagram: Diagram }>();
      let total = 0;
      for (const d of allDiagrams(fleet)) {
        total += 1;
        if (!distinct.has(structure(d.diagram.source))) distinct.set(structure(d.diagram.source), d);
      }
      expect(total).toBeGreaterThan(7_000);
      const all = [...allDiagrams(example), ...distinct.values()];
      const errors = await mermaid.parseAll(all.map((d) => d.diagram.source));
      const failed = errors.flatMap((e, i) => (e ? [`${all[i]!.page}: ${e}\n${all[i]!.diagram.source}`] : []));
      expect(failed).toEqual([]);
    });

    it('survives a fuzz of names: every diagram parses and renders without markup from a name', async () => {
      let seed = 20261122;
      const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const alphabet = [...'"\'<>&#;:|[](){}`%\\/=*_~-.,!?@$^+ \n\tAbZ09éü東京🚀\u202E\u200B\uD800\u0000', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '#quot;', '%%{init: {"theme":"dark"}}%%', '&lt;b&gt;', 'end', 'subgraph', 'click', '-->', ':::st-failed', '"]', '%% link'];
      const name = () => Array.from({ length: 1 + Math.floor(rand() * 30) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const sources = Array.from({ length: 150 }, (_, i) => {
        const nodes: DiagramNode[] = Array.from({ length: 6 }, (_, j) => ({ key: `${i}-${j}-${name()}`, label: name(), status: 'failed', href: `/x/${j}/`, ...(j > 3 ? { group: 'g' } : {}) }));
        return flowchart({ anchor: 'fuzz', title: name(), nodes, groups: [{ key: 'g', label: name() }], edges: [{ from: nodes[0]!.key, to: nodes[1]!.key, label: name() }] }).source;
      });
      expect((await mermaid.parseAll(sources)).filter(Boolean)).toEqual([]);
      const rendered = await mermaid.renderAll(sources);
      for (const r of rendered) {
        expect(r.error).toBeUndefined();
        // Labels are SVG text: no element a name could have smuggled in.
        expect(r.svg).not.toMatch(/<(script|img|iframe|foreignObject|a)\b/i);
        expect(r.svg).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
        expect(r.svg).not.toMatch(/javascript:/i);
      }
    });
  });
});
