import type { Browser, Page } from 'playwright-core';
import type { RenderResult } from './diagram-cache.ts';
import { MERMAID_BASE_CONFIG, MERMAID_THEME, mermaidFile, type ThemeName } from './mermaid-config.ts';

/** A quiet, offline headless Chromium: no sandbox (containers, root CI), no calls home on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// Long enough for a huge diagram on a slow CI box; short enough that a
// diagram that hangs mermaid does not hang the build.
const RENDER_TIMEOUT_MS = 30_000;

export interface RenderTask {
  source: string;
  theme: ThemeName;
  id: string;
}

/** A failure that says nothing about the diagram itself: not cached, left to the client. */
export class TransientRenderError extends Error {}

interface PageArgs {
  source: string;
  id: string;
  config: Record<string, unknown>;
}

// Runs inside Chromium; `mermaid` is the global from mermaid.min.js.
async function renderInPage({ source, id, config }: PageArgs): Promise<RenderResult> {
  const api = (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid;
  api.initialize(config);
  try {
    const { svg } = await api.render(id, source);
    return { ok: true, svg };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message };
  } finally {
    // A failed render leaves its scratch element behind; keep the page clean
    // for the next few hundred diagrams.
    document.body.replaceChildren();
  }
}

interface MermaidGlobal {
  initialize(config: Record<string, unknown>): void;
  render(id: string, source: string): Promise<{ svg: string }>;
}

/**
 * One Chromium, one page, mermaid loaded once; diagrams are rendered one after
 * the other (mermaid's config is global, so renders cannot overlap anyway).
 */
export class BrowserRenderer {
  #browser: Browser;
  #page: Page | undefined;

  private constructor(browser: Browser) {
    this.#browser = browser;
  }

  static async launch(executablePath: string): Promise<BrowserRenderer> {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const renderer = new BrowserRenderer(browser);
    try {
      await renderer.#openPage();
    } catch (error) {
      await browser.close();
      throw error;
    }
    return renderer;
  }

  async #openPage(): Promise<Page> {
    const page = await this.#browser.newPage({ viewport: { width: 800, height: 600 } });
    // Nothing may come from the network: mermaid is read from node_modules.
    await page.route('**/*', (route) => route.abort());
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: mermaidFile('dist/mermaid.min.js') });
    this.#page = page;
    return page;
  }

  async render(task: RenderTask): Promise<RenderResult> {
    const page = this.#page ?? (await this.#openPage());
    const args: PageArgs = {
      source: task.source,
      id: task.id,
      config: { ...MERMAID_BASE_CONFIG, theme: MERMAID_THEME[task.theme] },
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TransientRenderError(`timed out after ${RENDER_TIMEOUT_MS / 1000} s`)),
        RENDER_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([page.evaluate(renderInPage, args), timeout]);
    } catch (error) {
      // The page may be wedged mid-render (mermaid queues renders): start a
      // fresh one for the next diagram.
      this.#page = undefined;
      await page.close().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new TransientRenderError(reason, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.#browser.close();
  }
}
