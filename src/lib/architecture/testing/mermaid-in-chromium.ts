import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../../mermaid/browser-renderer.ts';
import { MERMAID_CONFIG, mermaidFile } from '../../../mermaid/mermaid-config.ts';

/**
 * Mermaid's own parser, where mermaid supports running it: in a browser. One Chromium page with
 * mermaid loaded once checks any number of diagrams (`mermaid.parse` per source, in one call).
 */
export class MermaidInChromium {
  #browser: Browser;
  #page: Page;

  private constructor(browser: Browser, page: Page) {
    this.#browser = browser;
    this.#page = page;
  }

  static async launch(executablePath: string): Promise<MermaidInChromium> {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
      await page.addScriptTag({ path: mermaidFile('dist/mermaid.min.js') });
      await page.evaluate((config) => (globalThis as unknown as { mermaid: { initialize(c: unknown): void } }).mermaid.initialize(config), { ...MERMAID_CONFIG });
      return new MermaidInChromium(browser, page);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  /** Per source: null when mermaid parses it, else mermaid's error message. */
  async parseAll(sources: readonly string[]): Promise<(string | null)[]> {
    return this.#page.evaluate(async (list) => {
      const api = (globalThis as unknown as { mermaid: { parse(t: string): Promise<unknown> } }).mermaid;
      const out: (string | null)[] = [];
      for (const text of list) {
        try {
          await api.parse(text);
          out.push(null);
        } catch (e) {
          out.push(e instanceof Error ? e.message : String(e));
        }
      }
      return out;
    }, [...sources]);
  }

  /** Renders sources (strict security) and returns each SVG, or the error; for markup checks. */
  async renderAll(sources: readonly string[]): Promise<{ svg?: string; error?: string }[]> {
    return this.#page.evaluate(async (list) => {
      const api = (globalThis as unknown as { mermaid: { render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
      const out: { svg?: string; error?: string }[] = [];
      for (const [i, text] of list.entries()) {
        try {
          out.push({ svg: (await api.render(`fuzz${i}`, text)).svg });
        } catch (e) {
          out.push({ error: e instanceof Error ? e.message : String(e) });
        } finally {
          document.body.replaceChildren();
        }
      }
      return out;
    }, [...sources]);
  }

  async close(): Promise<void> {
    await this.#browser.close();
  }
}
