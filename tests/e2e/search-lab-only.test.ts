import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium } from '../helpers/browser.ts';
import { buildSite, ROOT } from '../helpers/build-site.ts';
import { topResults } from '../helpers/search-results.ts';
import { serveStatic } from '../helpers/serve.ts';

const executable = chromiumOrSkip('search on a lab with no document');

/*
 * A lab pulled before anyone wrote a runbook: the documents' search bundle is empty, and Pagefind
 * cannot search from an empty index ("No language indexes found"; the lab's merged bundle then waits
 * for it forever). The lab's bundle must lead instead (search-index.ts, Search.astro).
 */
describe.skipIf(executable === 'skip')('search on a lab with no document yet (browser)', () => {
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  const content = mkdtempSync(path.join(tmpdir(), 'scarbook-lab-only-'));

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(content, { recursive: true, force: true });
  });

  it('finds a host by the name of one of its containers', async () => {
    for (const folder of ['lab', 'services']) cpSync(path.join(ROOT, 'content', folder), path.join(content, folder), { recursive: true });
    const site = await buildSite(content, { name: 'lab-only', env: { SCARBOOK_CHROMIUM: 'none' } });
    expect(site.log).toMatch(/search index: \d+ pages \(documents 0; lab [1-9]\d*\)/);
    server = await serveStatic(site.dist);
    browser = await launchChromium(executable as string);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(`${server.url}/search/`);
    const input = page.locator('.search-page pagefind-input input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('nextcloud');
    expect(await topResults(page, '.search-page', 'nextcloud')).toContain('/lab/host/nas/');
    expect(errors).toEqual([]);
  }, 180_000);
});
