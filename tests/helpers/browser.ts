import { afterAll, beforeAll, describe, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/mermaid/browser-renderer.ts';
import { findChromium } from '../../src/mermaid/find-chromium.ts';
import { serveStatic } from './serve.ts';

export { CHROMIUM_ARGS };

const INSTALL_HINT =
  'Install it with `apt-get install -y chromium` (Debian/Ubuntu), or point SCARBOOK_CHROMIUM at a Chromium/Chrome binary.';

/** `CI=true`, `CI=1`, `CI=yes`…: anything but unset, empty, `false` or `0`. */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env['CI']?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Chromium for the browser tests: its path, `'skip'` when none is installed on a developer machine,
 * and a thrown error when none is installed in CI, where skipping would hide a broken image.
 */
export function chromiumOrSkip(suite: string): string | 'skip' {
  const executable = findChromium();
  if (executable) return executable;
  if (inCI()) {
    throw new Error(
      `[${suite}] CI is set but no Chromium was found (looked at SCARBOOK_CHROMIUM, then chromium, chromium-browser, ` +
        `google-chrome, google-chrome-stable on PATH). Browser tests must not be skipped in CI. ${INSTALL_HINT}`,
    );
  }
  console.warn(`\n[${suite}] No Chromium found: SKIPPING the browser tests. ${INSTALL_HINT}\n`);
  return 'skip';
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** A page plus every uncaught error and `console.error` it produced, for "no JavaScript errors" checks. */
export interface TrackedPage {
  page: Page;
  errors: string[];
}

export interface BrowserSuite {
  browser: Browser;
  /** One fresh context for the whole test file: nothing leaks in from another file. */
  context: BrowserContext;
  /** Root URL of the example site, without a trailing slash (`http://127.0.0.1:12345`). */
  url: string;
  /** Folder of the built example site. */
  dist: string;
  /** A new page in the file's context, with its errors collected. Closed after the file. */
  newPage(): Promise<TrackedPage>;
}

export interface DescribeBrowserOptions {
  context?: BrowserContextOptions;
}

/**
 * `describe` for tests that drive the built example site in Chromium. One browser, one context and
 * one static server per test file, all closed in `afterAll`. Without Chromium the suite is skipped
 * with a message saying how to install it, except in CI, where it fails.
 *
 * ```ts
 * describeBrowser('search', (site) => {
 *   it('finds things', async () => { const { page } = await site().newPage(); await page.goto(site().url); });
 * });
 * ```
 */
export function describeBrowser(name: string, body: (site: () => BrowserSuite) => void, options: DescribeBrowserOptions = {}): void {
  const executable = chromiumOrSkip(name);
  describe.skipIf(executable === 'skip')(name, () => {
    let suite: BrowserSuite | undefined;
    let browser: Browser | undefined;
    let server: { url: string; close: () => Promise<void> } | undefined;
    const pages: Page[] = [];

    beforeAll(async () => {
      const dist = inject('exampleDist');
      browser = await launchChromium(executable);
      server = await serveStatic(dist);
      const context = await browser.newContext(options.context);
      const url = server.url;
      suite = {
        browser,
        context,
        url,
        dist,
        async newPage() {
          const page = await context.newPage();
          pages.push(page);
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
          page.on('console', (m) => {
            if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
          });
          return { page, errors };
        },
      };
    });

    afterAll(async () => {
      await Promise.allSettled(pages.map((p) => p.close()));
      await browser?.close();
      await server?.close();
    });

    body(() => {
      if (!suite) throw new Error(`[${name}] the browser suite is not ready: beforeAll failed`);
      return suite;
    });
  });
}
