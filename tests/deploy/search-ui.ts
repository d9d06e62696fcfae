import type { Page } from 'playwright-core';
import { topResults } from '../helpers/search-results.ts';

/**
 * Opens the header search with `/`, types `query` and returns the links of the first results
 * once Pagefind has answered (an empty list for "No results"), as a reader would use it.
 */
export async function searchFor(page: Page, query: string): Promise<string[]> {
  if (!(await page.locator('pagefind-modal dialog[open]').count())) await page.keyboard.press('/');
  await page.locator('pagefind-modal dialog[open]').waitFor({ state: 'visible', timeout: 20_000 });
  await page.waitForFunction(() => document.activeElement?.matches('pagefind-modal dialog[open] pagefind-input input') ?? false, null, { timeout: 20_000 });
  await page.keyboard.type(query);
  return topResults(page, 'pagefind-modal', query, 20_000);
}

/** Clicks the first result and waits for its page. */
export async function openFirstResult(page: Page, path: string): Promise<void> {
  await page.locator('pagefind-modal .pf-result-link').first().click();
  await page.waitForURL((url) => url.pathname === path, { timeout: 20_000 });
}
