import { mapLimit } from './bounded-concurrency.ts';
import { BrowserRenderer, TransientRenderError } from './browser-renderer.ts';
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
 * where possible, else with one Chromium for the whole site, which is not even
 * launched when everything is cached.
 */
export async function resolveDiagrams(
  sources: readonly string[],
  cache: DiagramCache,
  chromium: string,
  log: (msg: string) => void,
  concurrency: number,
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
    renderer = await BrowserRenderer.launch(chromium);
  } catch (error) {
    log(
      `Could not start Chromium (${chromium}) to pre-render ${todo.length} diagram(s); they will render in the reader's browser instead. ` +
        `Fix the browser, or set SCARBOOK_CHROMIUM=none to silence this. Cause: ${describe(error)}`,
    );
    return { outcomes, rendered: 0, cached };
  }

  let rendered = 0;
  log(`Rendering ${todo.length} diagram(s) with ${chromium}`);
  try {
    for (const { source, results } of todo) {
      try {
        await renderMissingThemes(renderer, cache, source, results);
      } catch (error) {
        if (!(error instanceof TransientRenderError)) throw error;
        // Not the diagram's fault (timeout, crashed tab): not cached, rendered client-side.
        log(`Could not pre-render a diagram (${describe(error)}); it will render in the reader's browser.`);
      }
      const outcome = outcomeOf(results);
      if (outcome) {
        outcomes.set(source, outcome);
        rendered += 1;
      }
    }
  } catch (error) {
    log(`Chromium stopped working; remaining diagrams will render in the reader's browser. Cause: ${describe(error)}`);
  } finally {
    await renderer.close().catch(() => undefined);
  }
  return { outcomes, rendered, cached };
}

async function renderMissingThemes(
  renderer: BrowserRenderer,
  cache: DiagramCache,
  source: string,
  results: ThemeResults,
): Promise<void> {
  for (const theme of THEMES) {
    if (results.has(theme)) continue;
    const result = await renderer.render({ source, theme, id: svgId(source, theme) });
    await cache.set(source, theme, result);
    results.set(theme, result);
    if (!result.ok) return;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
}
