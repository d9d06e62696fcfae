import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { entryId } from '../../src/lib/entry-id.ts';
import { ROOT } from '../helpers/build-site.ts';
import { describeBrowser } from '../helpers/browser.ts';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(path.join(dir, e.name)) : /\.mdx?$/i.test(e.name) && !e.name.startsWith('_') ? [path.join(dir, e.name)] : [],
  );
}

/** Every runbook of the example lab with its page URL, read from `content/` so the test follows the content. */
const runbooksDir = path.join(ROOT, 'content/runbooks');
const runbooks = markdownFiles(runbooksDir)
  .map((file) => ({
    url: `/runbooks/${entryId(path.relative(runbooksDir, file).split(path.sep).join('/'))}/`,
    body: readFileSync(file, 'utf8'),
  }))
  .sort((a, b) => a.url.localeCompare(b.url));
const withDiagram = runbooks.find((r) => /^```mermaid\s*$/m.test(r.body));
const withCode = runbooks.find((r) => /^```(?!mermaid)[\w-]*\s*$/m.test(r.body));

const PHONE = { width: 375, height: 740 };

/** Elements that stick out to the right of the viewport: what to fix when the page scrolls sideways. */
function overflowingElements(page: Page, width: number) {
  return page.evaluate((width) => {
    const describe = (el: Element) =>
      el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.classList.length ? `.${[...el.classList].join('.')}` : '');
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 1) continue;
      // Only report the outermost culprit, not every descendant of a too-wide box.
      let parent = el.parentElement;
      let clipped = false;
      while (parent && parent !== document.body) {
        const style = getComputedStyle(parent);
        if (style.overflowX !== 'visible' && parent.getBoundingClientRect().right <= width + 1) clipped = true;
        parent = parent.parentElement;
      }
      if (!clipped) out.push(`${describe(el)} (right edge ${Math.round(r.right)}px)`);
    }
    return out.slice(0, 10);
  }, width);
}

describeBrowser('reading (browser)', (site) => {
  it('renders mermaid diagrams to inline SVG at build time', async () => {
    expect(withDiagram, 'the example lab needs a runbook with a ```mermaid block').toBeDefined();
    const html = await (await fetch(`${site().url}${withDiagram!.url}`)).text();
    expect(html).toMatch(/<figure[^>]*class="[^"]*\bdiagram\b[^"]*"[^>]*>[\s\S]*?<svg[\s>]/);

    // And it shows with JavaScript off.
    const context = await site().browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${site().url}${withDiagram!.url}`);
      const svg = page.locator('figure.diagram svg').first();
      await svg.waitFor({ state: 'visible' });
      const box = await svg.boundingBox();
      expect(box?.width).toBeGreaterThan(50);
      expect(box?.height).toBeGreaterThan(50);
    } finally {
      await context.close();
    }
  });

  it('the theme toggle flips data-theme and the choice survives a reload', async () => {
    const { page, errors } = await site().newPage();
    await page.goto(`${site().url}/`);
    const html = page.locator('html');
    const initial = await html.getAttribute('data-theme');
    expect(['light', 'dark']).toContain(initial);
    const other = initial === 'dark' ? 'light' : 'dark';

    const toggle = page.locator('[data-theme-toggle]');
    await toggle.click();
    expect(await html.getAttribute('data-theme')).toBe(other);
    expect(await toggle.getAttribute('aria-label')).toBe(`Switch to ${initial} theme`);
    // The colours really change, not just the attribute.
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const switched = await background();

    await page.reload();
    expect(await html.getAttribute('data-theme')).toBe(other);
    expect(await background()).toBe(switched);
    expect(await page.evaluate(() => localStorage.getItem('scarbook-theme'))).toBe(other);

    await toggle.click();
    expect(await html.getAttribute('data-theme')).toBe(initial);
    expect(await background()).not.toBe(switched);
    expect(errors).toEqual([]);
  });

  it('follows the system theme, also when it changes, until the reader picks one', async () => {
    const context = await site().browser.newContext({ colorScheme: 'dark' });
    try {
      const page = await context.newPage();
      await page.goto(`${site().url}/`);
      const theme = () => page.locator('html').getAttribute('data-theme');
      expect(await theme()).toBe('dark');
      await page.emulateMedia({ colorScheme: 'light' });
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
      await page.locator('[data-theme-toggle]').click();
      expect(await theme()).toBe('dark');
      // Picked: the system no longer decides.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.reload();
      expect(await theme()).toBe('dark');
    } finally {
      await context.close();
    }
  });

  it('on a 375 px phone the menu button opens the hidden navigation', async () => {
    const { page, errors } = await site().newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${site().url}${runbooks[0]!.url}`);

    const button = page.locator('[data-menu-toggle]');
    const nav = page.locator('#site-nav');
    expect(await button.isVisible()).toBe(true);
    expect(await nav.isVisible()).toBe(false);
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.getAttribute('class')).toMatch(/\bopen\b/);
    await nav.waitFor({ state: 'visible' });
    const links = nav.locator('a');
    expect(await links.count()).toBeGreaterThan(3);
    const decisions = nav.getByRole('link', { name: 'Decisions', exact: true });
    expect(await decisions.isVisible()).toBe(true);
    // Focus moves into the menu, and the menu is not hidden under the sticky header.
    expect(await page.evaluate(() => document.activeElement?.closest('#site-nav') !== null)).toBe(true);

    // Escape closes it and gives focus back to the button.
    await page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-menu-toggle'))).toBe(true);

    await button.click();
    await decisions.click();
    await page.waitForURL((url) => url.pathname === '/decisions/');
    expect(errors).toEqual([]);
  });

  it('the first Tab shows the skip link, and it moves focus to the content', async () => {
    const { page, errors } = await site().newPage();
    await page.goto(`${site().url}${runbooks[0]!.url}`);
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('skip-link'))).toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.height > 0, `skip link box ${JSON.stringify(box)}`).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'content');
    expect(new URL(page.url()).hash).toBe('#content');
    expect(errors).toEqual([]);
  });

  it('code blocks get a working Copy button', async () => {
    expect(withCode, 'the example lab needs a runbook with a fenced code block').toBeDefined();
    const { page, errors } = await site().newPage();
    await site().context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site().url });
    await page.goto(`${site().url}${withCode!.url}`);

    const blocks = page.locator('.prose pre:not(.mermaid)');
    const count = await blocks.count();
    expect(count).toBeGreaterThan(0);
    expect(await page.locator('.prose .code-block > .copy-button').count()).toBe(count);

    const first = page.locator('.prose .code-block').first();
    const button = first.locator('.copy-button');
    expect(await button.isVisible()).toBe(true);
    expect(await button.textContent()).toBe('Copy');
    await button.click();
    await page.waitForFunction((el) => el?.textContent !== 'Copy', await button.elementHandle());
    expect(await button.textContent()).toBe('Copied');
    const code = await first.locator('pre code').innerText();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    expect(errors).toEqual([]);
  });

  it('no runbook (nor the home, index and search pages) scrolls sideways on a 375 px phone', async () => {
    const { page } = await site().newPage();
    await page.setViewportSize(PHONE);
    const failures: string[] = [];
    const urls = [...runbooks.map((r) => r.url), '/', '/runbooks/', '/incidents/', '/decisions/', '/drills/', '/tags/', '/search/'];
    for (const url of urls) {
      await page.goto(`${site().url}${url}`);
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      if (width > PHONE.width + 1) failures.push(`${url}: scrollWidth ${width}px; ${(await overflowingElements(page, PHONE.width)).join(', ')}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
