import type { Page } from 'playwright-core';

/**
 * Opens the header search with `/`, types `query` and returns the result links once Pagefind has
 * answered (an empty list for "No results"), as a reader would use it.
 */
export async function searchFor(page: Page, query: string): Promise<string[]> {
  if (!(await page.locator('pagefind-modal dialog[open]').count())) await page.keyboard.press('/');
  await page.locator('pagefind-modal dialog[open]').waitFor({ state: 'visible', timeout: 20_000 });
  await page.waitForFunction(() => document.activeElement?.matches('pagefind-modal dialog[open] pagefind-input input') ?? false, null, { timeout: 20_000 });
  await page.keyboard.type(query);
  await page.waitForFunction(
    (query) => {
      const summary = document.querySelector('pagefind-modal pagefind-summary')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      if (!summary.endsWith(query)) return false;
      if (/^no results/i.test(summary)) return true;
      // "1 result for …" comes before the result cards: wait for those too.
      return document.querySelectorAll('pagefind-modal pagefind-results .pf-result-link').length > 0;
    },
    query,
    { timeout: 20_000 },
  );
  return page.locator('pagefind-modal pagefind-results .pf-result-link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

/** Clicks the first result and waits for its page. */
export async function openFirstResult(page: Page, path: string): Promise<void> {
  await page.locator('pagefind-modal .pf-result-link').first().click();
  await page.waitForURL((url) => url.pathname === path, { timeout: 20_000 });
}
