import { describe, expect, it } from 'vitest';
import { chromiumOrSkip } from '../../tests/helpers/browser.ts';
import { BrowserRenderer } from './browser-renderer.ts';
import { diagramFigure } from './diagram-markup.ts';
import { linkSvgNodes, nodeLinks } from './node-links.ts';

const SOURCE = `flowchart LR
  subgraph g_site["Site"]
    n_a["A"]
  end
  n_b["B"]
  n_a --> n_b
%% link n_a /lab/host/a/
%% link g_site /architecture/site/home/
%% link n_b javascript:alert(1)`;

describe('nodeLinks', () => {
  it('reads site-relative and web links, never javascript:', () => {
    expect([...nodeLinks(SOURCE)]).toEqual([['n_a', '/lab/host/a/'], ['g_site', '/architecture/site/home/']]);
  });
});

describe('linkSvgNodes', () => {
  it('wraps the whole nested group of a node and leaves others alone', () => {
    const svg = '<svg><g class="node default" id="m-1-light-flowchart-n_a-0"><g class="label"><text>A</text></g></g><g class="node" id="m-1-light-flowchart-n_b-1"><text>B</text></g></svg>';
    expect(linkSvgNodes(svg, new Map([['n_a', '/x/?a=1&b="2"']]))).toBe(
      '<svg><a href="/x/?a=1&amp;b=&quot;2&quot;" class="diagram-node-link" tabindex="-1"><g class="node default" id="m-1-light-flowchart-n_a-0"><g class="label"><text>A</text></g></g></a><g class="node" id="m-1-light-flowchart-n_b-1"><text>B</text></g></svg>',
    );
    // Adjacent linked nodes: each link closes before the next opens.
    expect(linkSvgNodes(svg, new Map([['n_a', '/a/'], ['n_b', '/b/']]))).toBe(
      '<svg><a href="/a/" class="diagram-node-link" tabindex="-1"><g class="node default" id="m-1-light-flowchart-n_a-0"><g class="label"><text>A</text></g></g></a><a href="/b/" class="diagram-node-link" tabindex="-1"><g class="node" id="m-1-light-flowchart-n_b-1"><text>B</text></g></a></svg>',
    );
  });

  const chromium = chromiumOrSkip('node links');
  it.skipIf(chromium === 'skip')('makes nodes and subgraphs of a real mermaid SVG links, and the figure a group', async () => {
    const renderer = await BrowserRenderer.launch(chromium as string);
    try {
      const rendered = await renderer.render({ source: SOURCE, id: 'mermaid-0123456789ab' });
      if (!rendered.ok) throw new Error(rendered.error);
      const html = diagramFigure(SOURCE, rendered.svg, 'Test');
      expect(html).toContain('role="group"');
      expect(html.match(/<a href="\/lab\/host\/a\/" class="diagram-node-link" tabindex="-1"><g class="node[^"]*" id="mermaid-0123456789ab-flowchart-n_a-\d+"/g)).toHaveLength(1);
      expect(html.match(/<a href="\/architecture\/site\/home\/"[^>]*><g class="cluster"/g)).toHaveLength(1);
      expect(html).not.toMatch(/href="javascript/);
      // Still well-formed: every <a> closes, and a diagram without links stays an image.
      expect(html.match(/<a\b/g)?.length).toBe(html.match(/<\/a>/g)?.length);
      expect(diagramFigure('flowchart LR\n a --> b', rendered.svg, 'T')).toContain('role="img"');
    } finally {
      await renderer.close();
    }
  });
});
