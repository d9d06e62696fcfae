import { mapLimit } from './bounded-concurrency.ts';
import { BrowserRenderer, defaultWorkers, TransientRenderError } from './browser-renderer.ts';
import { svgId, type DiagramCache, type RenderResult } from './diagram-cache.ts';
import type { DiagramSvgs } from './diagram-markup.ts';
import { THEMES, type ThemeName } from './mermaid-config.ts';

export type Outcome = { kind: 'svg'; svgs: DiagramSvgs } | { kind: 'error'; message: string };

export interface Resolution {
  /** Source → outcome; a source missing here stays a placeholder for the client. */
  outcomes: Map<string, Outcome>;
  rendered: number;
  cached: number;
}

type ThemeResults = Map<ThemeName, RenderResult>;

function outcomeOf(results: ThemeResults): Outcome | undefined {
  for (const theme of THEMES) {
    const result = results.get(theme);
    if (result && !result.ok) return { kind: 'error', message: result.error };
  }
  const light = results.get('light');
  const dark = results.get('dark');
  if (light?.ok && dark?.ok) return { kind: 'svg', svgs: { light: light.svg, dark: dark.svg } };
  return undefined;
}

/**
 * Turn distinct diagram sources into SVGs or error messages: from the cache
 * where possible, else with one Chromium for the whole site (several pages
 * rendering in parallel), which is not even launched when everything is cached.
 */
export async function resolveDiagrams(
  sources: readonly string[],
  cache: DiagramCache,
  chromium: string,
  log: (msg: string) => void,
  concurrency: number,
  /** Chromium pages rendering at once; default one per core (capped). */
  workers?: number,
): Promise<Resolution> {
  const outcomes = new Map<string, Outcome>();
  const todo: { source: string; results: ThemeResults }[] = [];
  let cached = 0;

  await mapLimit(sources, concurrency, async (source) => {
    const results: ThemeResults = new Map();
    for (const theme of THEMES) {
      const hit = await cache.get(source, theme);
      if (hit) results.set(theme, hit);
      if (hit && !hit.ok) break; // a syntax error needs no second theme
    }
    const outcome = outcomeOf(results);
    if (outcome) {
      outcomes.set(source, outcome);
      cached += 1;
    } else {
      todo.push({ source, results });
    }
  });
  if (todo.length === 0) return { outcomes, rendered: 0, cached };

  let renderer: BrowserRenderer;
  try {
    // A warm rebuild with one changed diagram should not start four pages for it.
    renderer = await BrowserRenderer.launch(chromium, { workers: Math.min(workers ?? defaultWorkers(), todo.length) });
  } catch (error) {
    log(
      `Could not start Chromium (${chromium}) to pre-render ${todo.length} diagram(s); they will render in the reader's browser instead. ` +
        `Fix the browser, or set SCARBOOK_CHROMIUM=none to silence this. Cause: ${describe(error)}`,
    );
    return { outcomes, rendered: 0, cached };
  }

  log(`Rendering ${todo.length} diagram(s) with ${chromium} (${renderer.workers} at a time)`);
  const byTodo = new Map(todo.map((item) => [item.source, item.results]));
  try {
    // Theme by theme: a diagram mermaid rejects in the first needs no second.
    for (const theme of THEMES) {
      const tasks = todo
        .filter(({ results }) => !results.has(theme) && [...results.values()].every((r) => r.ok))
        .map(({ source }) => ({ source, theme, id: svgId(source, theme) }));
      await renderer.renderAll(tasks, async (task, result) => {
        if (result instanceof TransientRenderError) {
          // Not the diagram's fault (timeout, crashed tab): not cached, rendered client-side.
          log(`Could not pre-render a diagram (${describe(result)}); it will render in the reader's browser.`);
          return;
        }
        await cache.set(task.source, task.theme, result);
        byTodo.get(task.source)?.set(task.theme, result);
      });
    }
  } catch (error) {
    log(`Chromium stopped working; remaining diagrams will render in the reader's browser. Cause: ${describe(error)}`);
  } finally {
    await renderer.close().catch(() => undefined);
  }
  let rendered = 0;
  for (const { source, results } of todo) {
    const outcome = outcomeOf(results);
    if (!outcome) continue;
    outcomes.set(source, outcome);
    rendered += 1;
  }
  return { outcomes, rendered, cached };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
}
