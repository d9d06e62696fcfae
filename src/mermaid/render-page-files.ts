import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { mermaidBundle } from './mermaid-bundle.ts';

/**
 * The page the build's Chromium renders diagrams in, as files: a blank HTML page that loads the
 * build's mermaid bundle (mermaid-bundle.ts) with a `<script src>`.
 *
 * Why files: handing Chromium the 5.5 MB bundle as a string (`addScriptTag({ content })`) sends it
 * through the DevTools protocol as JSON, once per render page. Loaded from disk, a page had
 * mermaid 0.3–0.4 s sooner (730–790 ms against 400–490 ms, three pages each way), and this
 * process no longer holds the string's copies while Chromium starts.
 */
export interface RenderPageFiles {
  /** A new page in `context` with mermaid loaded; it can load nothing else, from disk or network. */
  open(context: BrowserContext): Promise<Page>;
  /** Deletes the files (after the browser has closed). */
  remove(): void;
}

export function writeRenderPageFiles(): RenderPageFiles {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scarbook-mermaid-'));
  try {
    writeFileSync(path.join(dir, 'mermaid.js'), mermaidBundle().code);
    writeFileSync(path.join(dir, 'render.html'), '<!doctype html><html><head><meta charset="utf-8"><script src="mermaid.js"></script></head><body></body></html>');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = pathToFileURL(path.join(dir, 'render.html')).href;
  const allowed = new Set([url, pathToFileURL(path.join(dir, 'mermaid.js')).href]);
  return {
    async open(context) {
      const page = await context.newPage();
      await page.route('**/*', (route) => (allowed.has(route.request().url()) ? route.continue() : route.abort()));
      await page.goto(url);
      return page;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
