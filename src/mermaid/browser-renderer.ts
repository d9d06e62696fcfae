import { availableParallelism } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RenderResult } from './diagram-cache.ts';
import { MERMAID_CONFIG } from './mermaid-config.ts';
import { writeRenderPageFiles, type RenderPageFiles } from './render-page-files.ts';

/** A quiet, offline headless Chromium: no sandbox (containers, root CI), no calls home on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // gc() in the render pages (renderBatchInPage).
  '--js-flags=--expose-gc',
];

// Long enough for a huge diagram on a slow CI box; short enough that a
// diagram that hangs mermaid does not hang the build. A batch that runs out
// of it is retried one diagram at a time, so each diagram still gets it alone.
const RENDER_TIMEOUT_MS = 30_000;
/** Diagrams per page.evaluate: fewer round trips, yet small enough to spread over the workers. */
const BATCH_SIZE = 8;
/** Each worker is a renderer process of ~100–200 MB: more than this buys nothing on a build box. */
const MAX_WORKERS = 4;

export interface RenderTask {
  source: string;
  id: string;
}

/** A failure that says nothing about the diagram itself: not cached, left to the client. */
export class TransientRenderError extends Error {}

/**
 * Runs inside Chromium when a render page opens: `globalThis.seedRandom(key)` makes Math.random a
 * generator seeded by `key` (mulberry32). Some of mermaid's node shapes are drawn with random
 * jitter (rough.js, whatever `handDrawnSeed` says), so the same diagram came out different in every
 * build; seeded by the diagram's id, it comes out the same.
 */
export function installSeededRandom(): void {
  (globalThis as unknown as { seedRandom: (key: string) => void }).seedRandom = (key: string) => {
    let state = 2166136261;
    for (let i = 0; i < key.length; i += 1) state = Math.imul(state ^ key.charCodeAt(i), 16777619) >>> 0;
    Math.random = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };
}

// Runs inside Chromium; `mermaid` is the global from mermaid.min.js, initialised when the page opens.
async function renderBatchInPage(items: RenderTask[]): Promise<RenderResult[]> {
  const scope = globalThis as unknown as { mermaid: MermaidGlobal; seedRandom: (key: string) => void };
  const results: RenderResult[] = [];
  for (const { source, id } of items) {
    try {
      scope.seedRandom(id);
      const { svg } = await scope.mermaid.render(id, source);
      results.push({ ok: true, svg });
    } catch (error) {
      results.push({ ok: false, error: error instanceof Error ? error.message : String(error) });
    } finally {
      // A failed render leaves its scratch element behind; keep the page clean
      // for the next few hundred diagrams.
      document.body.replaceChildren();
    }
  }
  // Mermaid's garbage piles up between V8's own collections: on the 1k benchmark Chromium with two
  // render pages grew to ~830 MB, the build's peak. A full collection after each batch keeps the
  // whole finishing step under ~890 MB, for ~18 % more rendering time (128 diagrams: 12.6 and 11.8 s
  // against 10.0 and 10.7 s without); one every 4 batches saved only ~25 MB.
  (globalThis as unknown as { gc?: () => void }).gc?.();
  return results;
}

interface MermaidGlobal {
  initialize(config: Record<string, unknown>): void;
  render(id: string, source: string): Promise<{ svg: string }>;
}

/** Default number of pages rendering at once: one per core, capped. */
export function defaultWorkers(): number {
  const fromEnv = Number(process.env.SCARBOOK_DIAGRAM_WORKERS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.max(1, Math.min(MAX_WORKERS, availableParallelism()));
}

/** One browser context with one page and mermaid loaded: its own renderer process, so workers run on separate cores. */
class RenderPage {
  #browser: Browser;
  #files: RenderPageFiles;
  #context: BrowserContext | undefined;
  #page: Page | undefined;

  constructor(browser: Browser, files: RenderPageFiles) {
    this.#browser = browser;
    this.#files = files;
  }

  async open(): Promise<Page> {
    if (this.#page) return this.#page;
    const context = await this.#browser.newContext({ viewport: { width: 800, height: 600 } });
    this.#context = context;
    const page = await this.#files.open(context);
    await page.evaluate(installSeededRandom);
    await page.evaluate((config) => (globalThis as unknown as { mermaid: MermaidGlobal }).mermaid.initialize(config), {
      ...MERMAID_CONFIG,
    });
    this.#page = page;
    return page;
  }

  /** Renders tasks in one round trip; any failure of the page itself is a TransientRenderError. */
  async render(tasks: readonly RenderTask[]): Promise<RenderResult[]> {
    const items = tasks.map(({ source, id }) => ({ source, id }));
    let timer: NodeJS.Timeout | undefined;
    const limit = RENDER_TIMEOUT_MS;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TransientRenderError(`timed out after ${limit / 1000} s`)), limit);
    });
    try {
      const page = await this.open();
      return await Promise.race([page.evaluate(renderBatchInPage, items), timeout]);
    } catch (error) {
      // The page may be wedged mid-render (mermaid queues renders): start a
      // fresh one for the next batch.
      await this.reset();
      if (error instanceof TransientRenderError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new TransientRenderError(reason, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async reset(): Promise<void> {
    const context = this.#context;
    this.#context = undefined;
    this.#page = undefined;
    await context?.close().catch(() => undefined);
  }
}

/**
 * One Chromium with `workers` pages, each in its own browser context (its own
 * renderer process), so a 2-core machine renders two diagrams at a time.
 * Tasks are sent in batches, so IPC round trips are few.
 */
export class BrowserRenderer {
  #browser: Browser;
  #files: RenderPageFiles;
  #pages: RenderPage[];

  private constructor(browser: Browser, files: RenderPageFiles, workers: number) {
    this.#browser = browser;
    this.#files = files;
    this.#pages = Array.from({ length: workers }, () => new RenderPage(browser, files));
  }

  get workers(): number {
    return this.#pages.length;
  }

  static async launch(executablePath: string, options: { workers?: number } = {}): Promise<BrowserRenderer> {
    const { chromium } = await import('playwright-core');
    const files = writeRenderPageFiles();
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
      const renderer = new BrowserRenderer(browser, files, Math.max(1, options.workers ?? defaultWorkers()));
      // Loading mermaid is the slow part of a start: all pages at once.
      await Promise.all(renderer.#pages.map((page) => page.open()));
      return renderer;
    } catch (error) {
      await browser?.close();
      files.remove();
      throw error;
    }
  }

  /** One diagram (tests and small jobs). */
  async render(task: RenderTask): Promise<RenderResult> {
    const [result] = await this.#pages[0]!.render([task]);
    if (!result) throw new TransientRenderError('the page returned no result');
    return result;
  }

  /**
   * Every task, spread over the workers; `onResult` gets each diagram's result, or a
   * TransientRenderError when the page failed on it (timeout, crashed tab) even alone.
   * Rejects only when the browser itself is gone.
   */
  async renderAll(
    tasks: readonly RenderTask[],
    onResult: (task: RenderTask, result: RenderResult | TransientRenderError) => Promise<void> | void,
  ): Promise<void> {
    const batches: RenderTask[][] = [];
    // Small enough batches that every worker gets a share of a short list.
    const size = Math.max(1, Math.min(BATCH_SIZE, Math.ceil(tasks.length / this.#pages.length)));
    for (let i = 0; i < tasks.length; i += size) batches.push(tasks.slice(i, i + size));
    let next = 0;
    const work = async (page: RenderPage): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next]!;
        next += 1;
        await this.#renderBatch(page, batch, onResult);
      }
    };
    await Promise.all(this.#pages.map(work));
  }

  async #renderBatch(
    page: RenderPage,
    batch: RenderTask[],
    onResult: (task: RenderTask, result: RenderResult | TransientRenderError) => Promise<void> | void,
  ): Promise<void> {
    try {
      const results = await page.render(batch);
      for (const [i, task] of batch.entries()) {
        await onResult(task, results[i] ?? new TransientRenderError('the page returned no result'));
      }
      return;
    } catch (error) {
      if (!(error instanceof TransientRenderError)) throw error;
      if (!this.#browser.isConnected()) throw error;
      if (batch.length === 1) return void (await onResult(batch[0]!, error));
    }
    // One diagram wedged the batch: alone, only that one fails.
    for (const task of batch) await this.#renderBatch(page, [task], onResult);
  }

  async close(): Promise<void> {
    try {
      await this.#browser.close();
    } finally {
      this.#files.remove();
    }
  }
}
