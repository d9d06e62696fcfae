import { describe, expect, it } from 'vitest';
import { chromiumOrSkip } from '../../tests/helpers/browser.ts';
import { BrowserRenderer, TransientRenderError, type RenderTask } from './browser-renderer.ts';
import type { RenderResult } from './diagram-cache.ts';

const executable = chromiumOrSkip('browser-renderer');

describe.skipIf(executable === 'skip')('BrowserRenderer.renderAll with two pages', () => {
  it('renders every task, batched and in parallel, a broken one failing alone', async () => {
    const sources = Array.from({ length: 9 }, (_, i) => `flowchart LR\n  a${i}["node ${i}"] --> b${i}["next ${i}"]`);
    sources.splice(4, 0, 'flowchart LR\n  a -->');
    const tasks: RenderTask[] = sources.map((source, i) => ({ source, id: `m-${i}` }));
    const results = new Map<string, RenderResult | TransientRenderError>();
    const renderer = await BrowserRenderer.launch(executable as string, { workers: 2 });
    try {
      expect(renderer.workers).toBe(2);
      await renderer.renderAll(tasks, (task, result) => void results.set(task.id, result));
    } finally {
      await renderer.close();
    }
    expect(results.size).toBe(tasks.length);
    for (const task of tasks) {
      const result = results.get(task.id);
      if (task.source.endsWith('-->')) {
        expect(result, task.id).toMatchObject({ ok: false, error: expect.stringMatching(/parse error/i) });
        continue;
      }
      if (!result || result instanceof TransientRenderError || !result.ok) throw new Error(`${task.id}: ${String(result)}`);
      expect(result.svg, task.id).toContain(`id="${task.id}"`);
      // Its own diagram, not a neighbour's from the same batch.
      expect(result.svg, task.id).toContain(`id="${task.id}-flowchart-b${/a(\d+)\[/.exec(task.source)?.[1]}-`);
      // Mermaid's light theme (text #333; its dark theme's is #ccc): dark mode is a CSS filter.
      expect(result.svg, task.id).toContain('fill:#333');
    }
  }, 120_000);

  it('draws the same diagram the same way every time, shapes with random jitter included', async () => {
    // A stadium and a document: mermaid draws these with rough.js, which jitters them at random.
    const task: RenderTask = { source: 'flowchart LR\n  a([Stadium]) --> b@{ shape: doc, label: "Doc" }', id: 'm-same' };
    const svgs: string[] = [];
    for (let run = 0; run < 2; run += 1) {
      const renderer = await BrowserRenderer.launch(executable as string, { workers: 1 });
      try {
        for (let i = 0; i < 2; i += 1) {
          const result = await renderer.render(task);
          if (!result.ok) throw new Error(result.error);
          svgs.push(result.svg);
        }
      } finally {
        await renderer.close();
      }
    }
    expect(svgs[0]).toContain('outer-path');
    expect(new Set(svgs).size).toBe(1);
  }, 120_000);

  it("lays diagrams out with dagre unless a diagram's front matter asks for ELK", async () => {
    // Subgraphs and crossing edges: the two layouts place these differently.
    const graph = 'flowchart TB\n  subgraph s1[one]\n  a1 --> a2\n  end\n  subgraph s2[two]\n  b1\n  b2\n  b3\n  end\n  a2 --> b1\n  a1 --> b3';
    const withLayout = (layout: string) => `---\nconfig:\n  layout: ${layout}\n---\n${graph}`;
    const svgs: string[] = [];
    const renderer = await BrowserRenderer.launch(executable as string, { workers: 1 });
    try {
      for (const source of [graph, withLayout('dagre'), withLayout('elk')]) {
        const result = await renderer.render({ source, id: 'm-layout' });
        if (!result.ok) throw new Error(result.error);
        svgs.push(result.svg);
      }
    } finally {
      await renderer.close();
    }
    const [plain, dagre, elk] = svgs;
    expect(plain).toBe(dagre);
    expect(elk).not.toBe(plain);
    expect(elk).toContain('id="m-layout"');
  }, 120_000);
});
