import { describe, expect, it } from 'vitest';
import { chromiumOrSkip } from '../../tests/helpers/browser.ts';
import { BrowserRenderer, TransientRenderError, type RenderTask } from './browser-renderer.ts';
import type { RenderResult } from './diagram-cache.ts';
import { THEMES } from './mermaid-config.ts';

const executable = chromiumOrSkip('browser-renderer');

describe.skipIf(executable === 'skip')('BrowserRenderer.renderAll with two pages', () => {
  it('renders every task in its own theme, batched and in parallel, a broken one failing alone', async () => {
    const sources = Array.from({ length: 9 }, (_, i) => `flowchart LR\n  a${i}["node ${i}"] --> b${i}["next ${i}"]`);
    sources.splice(4, 0, 'flowchart LR\n  a -->');
    // Themes interleaved on purpose: each page must still switch mermaid's config when the theme changes.
    const tasks: RenderTask[] = sources.flatMap((source, i) => THEMES.map((theme) => ({ source, theme, id: `m-${i}-${theme}` })));
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
      // Default theme text is #333, dark's #ccc: the config of the task's own theme was used.
      expect(result.svg, task.id).toContain(task.theme === 'light' ? 'fill:#333' : 'fill:#ccc');
    }
  }, 120_000);
});
