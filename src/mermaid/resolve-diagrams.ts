import { mapLimit } from '../lib/bounded-concurrency.ts';
import { BrowserRenderer, defaultWorkers, TransientRenderError } from './browser-renderer.ts';
import { svgId, type DiagramCache, type RenderResult } from './diagram-cache.ts';

export type Outcome = { kind: 'svg'; svg: string } | { kind: 'error'; message: string };

export interface Resolution {
  /** Source → outcome; a source missing here stays a placeholder for the client. */
  outcomes: Map<string, Outcome>;
  rendered: number;
  cached: number;
}

function outcomeOf(result: RenderResult): Outcome {
  return result.ok ? { kind: 'svg', svg: result.svg } : { kind: 'error', message: result.error };
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
  const todo: string[] = [];
  await mapLimit(sources, concurrency, async (source) => {
    const hit = await cache.get(source);
    if (hit) outcomes.set(source, outcomeOf(hit));
    else todo.push(source);
  });
  const cached = outcomes.size;
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
  let rendered = 0;
  try {
    const tasks = todo.map((source) => ({ source, id: svgId(source) }));
    await renderer.renderAll(tasks, async (task, result) => {
      if (result instanceof TransientRenderError) {
        // Not the diagram's fault (timeout, crashed tab): not cached, rendered client-side.
        log(`Could not pre-render a diagram (${describe(result)}); it will render in the reader's browser.`);
        return;
      }
      await cache.set(task.source, result);
      outcomes.set(task.source, outcomeOf(result));
      rendered += 1;
    });
  } catch (error) {
    log(`Chromium stopped working; remaining diagrams will render in the reader's browser. Cause: ${describe(error)}`);
  } finally {
    await renderer.close().catch(() => undefined);
  }
  return { outcomes, rendered, cached };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
}
