import type { Page } from 'playwright-core';

/**
 * How many of the first results `topResults` waits for. Pagefind's Component UI renders a placeholder
 * per result and loads each one's page data only once it scrolls into view, in whatever order the
 * fetches finish: collecting the links that happen to be there yet gives a partial, unordered list.
 */
export const TOP_RESULTS = 5;

/**
 * Waits until the Pagefind UI under `scope` (`pagefind-modal`, `.search-page`) shows the results for
 * `query`, and returns the links of its first `TOP_RESULTS` results in rank order, once each has
 * loaded. An empty list for "No results".
 */
export async function topResults(page: Page, scope: string, query: string, timeout = 15_000): Promise<string[]> {
  const normalized = query.replace(/\s+/g, ' ').trim();
  await page.waitForFunction(
    ({ scope, normalized, want }) => {
      const summary = document.querySelector(`${scope} pagefind-summary`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      if (!summary.endsWith(normalized)) return false;
      const count = /^(\d+) results? for/i.exec(summary)?.[1];
      if (count === undefined) return /^no results/i.test(summary);
      // "3 results for …" is shown before the result cards are rendered.
      const list = document.querySelector(`${scope} pagefind-results ul.pf-results`);
      if (!list || list.getAttribute('aria-busy') === 'true') return false;
      const expected = Math.min(Number(count), want);
      const items = [...list.children].filter((e) => e.tagName === 'LI').slice(0, expected);
      return items.length === expected && items.every((li) => li.querySelector('.pf-result-link'));
    },
    { scope, normalized, want: TOP_RESULTS },
    { timeout },
  );
  return page
    .locator(`${scope} pagefind-results ul.pf-results > li`)
    .evaluateAll((items, want) => items.slice(0, want).map((li) => li.querySelector('.pf-result-link')?.getAttribute('href') ?? ''), TOP_RESULTS);
}
