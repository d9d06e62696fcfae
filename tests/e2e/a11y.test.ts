import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { entryId } from '../../src/lib/entry-id.ts';
import { ROOT } from '../helpers/build-site.ts';
import { describeBrowser } from '../helpers/browser.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * URL of the page of a section with the most to check: the longest Markdown file (tables, code,
 * task lists, diagrams), read from `content/` so renaming a file cannot break the test.
 */
function richestPage(section: string): string {
  const dir = path.join(ROOT, 'content', section);
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : /\.mdx?$/i.test(e.name) && !e.name.startsWith('_') ? [path.join(d, e.name)] : [],
    );
  const [file] = walk(dir)
    .map((f) => ({ f, size: statSync(f).size }))
    .sort((a, b) => b.size - a.size || a.f.localeCompare(b.f));
  if (!file) throw new Error(`content/${section} has no pages`);
  return `/${section}/${entryId(path.relative(dir, file.f).split(path.sep).join('/'))}/`;
}

interface AxeNode { target: unknown[]; failureSummary?: string; html: string }
interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }

async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html.slice(0, 160) })),
    }));
  });
}

function report(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.html}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n');
}

const pages = {
  home: '/', runbook: richestPage('runbooks'), decision: richestPage('decisions'), search: '/search/',
  'lab overview': '/lab/', 'lab host (with its containers as sections)': '/lab/host/nas/',
};

describeBrowser('accessibility (axe-core)', (site) => {
  for (const theme of ['light', 'dark'] as const) {
    for (const [name, url] of Object.entries(pages)) {
      it(`${name} page (${url}) in the ${theme} theme has no serious or critical violations`, async () => {
        const { page, errors } = await site().newPage();
        // No stored choice in this file's context, so the page follows the system preference.
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(`${site().url}${url}`);
        expect(await page.locator('html').getAttribute('data-theme')).toBe(theme);

        const violations = await axe(page);
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        const minor = violations.filter((v) => !serious.includes(v));
        if (minor.length) console.warn(`[a11y] ${url} (${theme}): minor/moderate:\n${report(minor)}`);
        expect(serious, `axe on ${url} (${theme} theme):\n${report(serious)}`).toEqual([]);
        expect(errors).toEqual([]);
      });
    }
    it(`the open search dialog with results in the ${theme} theme has no serious or critical violations`, async () => {
      const { page, errors } = await site().newPage();
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(`${site().url}${pages.runbook}`);
      await page.locator('[data-search-open]').click();
      await page.locator('pagefind-modal dialog[open]').waitFor({ state: 'visible', timeout: 15_000 });
      await page.locator('pagefind-modal pagefind-input input').fill('restore');
      await page.locator('pagefind-modal .pf-result-link').first().waitFor({ state: 'visible', timeout: 15_000 });

      const violations = await axe(page);
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious, `axe on the search dialog (${theme} theme):\n${report(serious)}`).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});
