import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium as playwright, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from './browser-renderer.ts';
import { chromiumOrSkip } from '../../tests/helpers/browser.ts';
import { renderDiagrams } from './render-diagrams.ts';
import { createTestSite, writeStandardSite, type TestSite } from './test-site.ts';

// Skips with a note without Chromium on a laptop; fails the run under CI.
const executable = chromiumOrSkip('diagram-a11y');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const css = readFileSync(new URL('./diagram.css', import.meta.url), 'utf8');

interface AxeViolation {
  id: string;
  impact: string;
  nodes: unknown[];
}

// The pre-rendered markup must pass axe in both themes, the way the e2e suite will check pages.
describe.skipIf(executable === 'skip')('pre-rendered diagram markup is accessible', () => {
  let site: TestSite;
  let chrome: Browser;

  beforeAll(async () => {
    const chromium = executable;
    site = createTestSite();
    writeStandardSite(site);
    await renderDiagrams({ dir: site.dir, cacheDir: site.cacheDir, chromium });
    chrome = await playwright.launch({ executablePath: chromium, args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    await chrome?.close();
    site?.cleanup();
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const file of ['runbooks/deploy/index.html', 'drills/failover/index.html', 'broken/index.html']) {
      it(`${file} in ${theme}`, async () => {
        const page = await chrome.newPage({ colorScheme: theme });
        await page.setContent(site.read(file));
        await page.addStyleTag({ content: css });
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
          const result = await axe.run();
          return result.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
        });
        expect(violations).toEqual([]);
        await page.close();
      }, 60_000);
    }
  }
});
