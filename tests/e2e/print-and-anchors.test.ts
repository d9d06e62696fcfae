import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/build-site.ts';
import { describeBrowser } from '../helpers/browser.ts';

const FAILOVER = '/runbooks/proxmox/node-failover/';

describeBrowser('headings and print (browser)', (site) => {
  it('a search result links to the heading that matched, and the link lands on it', async () => {
    // `--nofailback` is written once in the example lab, under the "Rollback" heading.
    const source = readFileSync(path.join(ROOT, 'content/runbooks/proxmox/node-failover.md'), 'utf8');
    expect(source.slice(source.indexOf('## Rollback'))).toContain('--nofailback');

    const { page, errors } = await site().newPage();
    await page.goto(`${site().url}/search/`);
    await page.locator('pagefind-input input').fill('nofailback');
    const chip = page.locator(`pagefind-results a.pf-heading-link[href="${FAILOVER}#rollback"]`);
    await chip.waitFor({ state: 'visible', timeout: 15_000 });
    await chip.click();
    await page.waitForURL((url) => url.pathname === FAILOVER && url.hash === '#rollback', { timeout: 15_000 });
    const heading = page.locator('h2#rollback');
    expect(await heading.textContent()).toBe('Rollback');
    // The heading is scrolled into view, below the sticky header.
    const top = await heading.evaluate((h) => h.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(200);
    expect(errors).toEqual([]);
  });

  it('prints a runbook without navigation and with link targets written out', async () => {
    const { page } = await site().newPage();
    await page.goto(`${site().url}/runbooks/dns/dns-outage/`);
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() =>
      ['.site-header', '.sidebar', '.aside-right', '.site-footer', '.copy-button'].map((s) => {
        const el = document.querySelector(s);
        return [s, el ? getComputedStyle(el).display : 'absent'];
      }),
    );
    expect(hidden).toEqual([
      ['.site-header', 'none'],
      ['.sidebar', 'none'],
      ['.aside-right', 'none'],
      ['.site-footer', 'none'],
      ['.copy-button', 'none'],
    ]);
    const printed = await page.evaluate(() => {
      const a = document.querySelector<HTMLAnchorElement>('.prose a[href^="/decisions/"]')!;
      return { href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content };
    });
    expect(printed.after).toContain(printed.href);
    expect(await page.locator('article h1').isVisible()).toBe(true);
    // Chromium's own print path produces the document (what "Save as PDF" gives a reader).
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
