import { setDiagramListener } from './announce.ts';
import { BrowserRenderer, defaultWorkers, TransientRenderError } from './browser-renderer.ts';
import { svgId, type DiagramCache } from './diagram-cache.ts';
import { normalizeSource } from './diagram-markup.ts';

const BATCH = 8;

/**
 * Renders diagrams into the DiagramCache while Astro is still syncing content and generating
 * pages, on the core Astro's single main thread leaves idle, instead of all of them after the
 * build. It only fills the cache: the post-build pass (renderDiagrams) still finds every
 * placeholder in the built pages and renders what is missing, so a diagram the prefetch missed
 * or failed on is handled exactly as before.
 */
export class DiagramPrefetch {
  #cache: DiagramCache;
  #chromium: string;
  #log: (msg: string) => void;
  #workers: number;
  #seen = new Set<string>();
  #queue: string[] = [];
  #running: Promise<void> | undefined;
  #renderer: Promise<BrowserRenderer | undefined> | undefined;
  #stopped = false;
  #failed = false;
  rendered = 0;

  constructor(options: { cache: DiagramCache; chromium: string; log: (msg: string) => void; workers?: number }) {
    this.#cache = options.cache;
    this.#chromium = options.chromium;
    this.#log = options.log;
    // Astro's main thread keeps one core busy while pages build.
    this.#workers = options.workers ?? Math.max(1, defaultWorkers() - 1);
  }

  /** Makes this the listener announceDiagram() reaches, until stop(). */
  install(): this {
    setDiagramListener((source) => this.add(source));
    return this;
  }

  add(raw: string): void {
    const source = normalizeSource(raw);
    if (this.#stopped || this.#failed || this.#seen.has(source)) return;
    this.#seen.add(source);
    this.#queue.push(source);
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.#stopped && !this.#failed) {
      const batch = this.#queue.splice(0, BATCH);
      const missing: string[] = [];
      for (const source of batch) if (!(await this.#cache.get(source))) missing.push(source);
      if (missing.length === 0) continue;
      const renderer = await (this.#renderer ??= this.#launch());
      if (!renderer) return;
      try {
        await renderer.renderAll(missing.map((source) => ({ source, id: svgId(source) })), async (task, result) => {
          // A page that timed out or crashed is not the diagram's fault: the post-build pass tries again.
          if (result instanceof TransientRenderError) return;
          await this.#cache.set(task.source, result);
          this.rendered += 1;
        });
      } catch (error) {
        this.#failed = true;
        this.#log(`Diagram prefetch stopped (${describe(error)}); the diagrams left are rendered after the build.`);
      }
    }
  }

  async #launch(): Promise<BrowserRenderer | undefined> {
    try {
      return await BrowserRenderer.launch(this.#chromium, { workers: this.#workers });
    } catch (error) {
      // The post-build pass tries Chromium again and explains what to do if it fails there too.
      this.#failed = true;
      this.#log(`Diagram prefetch could not start Chromium (${describe(error)}); diagrams are rendered after the build.`);
      return undefined;
    }
  }

  /** Waits for the batch in flight, closes the browser and uninstalls; queued diagrams are left to the post-build pass. */
  async stop(): Promise<void> {
    this.#stopped = true;
    setDiagramListener(undefined);
    await this.#running;
    const renderer = await this.#renderer;
    await renderer?.close().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}
