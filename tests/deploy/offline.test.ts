import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readManifest } from '../../src/integrations/offline.ts';
import { chromiumOrSkip, launchChromium } from '../helpers/browser.ts';
import { waitFor } from '../../scripts/lab/testing/server-process.ts';
import { rawGet } from './http.ts';
import { openFirstResult, searchFor } from './search-ui.ts';
import { nginxBinary, nginxStarter, type SiteServer } from './servers.ts';

/*
 * Worst-day reading: one visit to the site served by the real nginx, then the server is stopped
 * and the browser goes offline. A runbook never opened before must open, and search must work.
 */

const DNS_RUNBOOK = '/runbooks/dns/dns-outage/';
const FAILOVER = '/runbooks/proxmox/node-failover/';

/** Waits until the service worker controls the page and its cache holds every built file. */
function waitForOfflineCopy(page: Page, version: string, files: number): Promise<number> {
  return waitFor(
    `the service worker to cache ${files} files`,
    () =>
      page.evaluate(
        async ({ version, files }) => {
          if (!navigator.serviceWorker.controller) return undefined;
          const name = (await caches.keys()).find((k) => k.endsWith(`:${version}`));
          if (!name) return undefined;
          const cached = (await (await caches.open(name)).keys()).length;
          return cached >= files ? cached : undefined;
        },
        { version, files },
      ),
    60_000,
  );
}

const executable = chromiumOrSkip('deploy: offline reading');
const nginx = nginxBinary();

describe.skipIf(executable === 'skip' || nginx === 'skip')('offline reading through nginx (browser)', () => {
  const dist = inject('exampleDist');
  const manifest = readManifest(readFileSync(path.join(dist, 'sw.js'), 'utf8'));
  let server: SiteServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await nginxStarter(nginx as string)(dist);
    browser = await launchChromium(executable as string);
    context = await browser.newContext();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists every built page and the whole search index in sw.js', () => {
    for (const url of ['/', DNS_RUNBOOK, '/404.html', '/pagefind/pagefind-entry.json', '/pagefind/pagefind.js', '/pagefind/pagefind-worker.js', '/pagefind/wasm.en.pagefind', '/pagefind/pagefind-component-ui.js']) {
      expect(manifest.urls, url).toContain(url);
    }
    const entry = JSON.parse(readFileSync(path.join(dist, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, { hash: string }> };
    for (const { hash } of Object.values(entry.languages)) expect(manifest.urls).toContain(`/pagefind/pagefind.${hash}.pf_meta`);
    expect(manifest.urls.filter((u) => u.includes('/pagefind/fragment/')).length).toBeGreaterThan(10);
    expect(manifest.urls).not.toContain('/sw.js');
    expect(manifest.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('after one visit, opens a runbook never visited and searches with the server stopped and the network off', async () => {
    const first = await context.newPage();
    await first.goto(`${server.url}/`);
    const cached = await waitForOfflineCopy(first, manifest.version, manifest.urls.length);
    expect(cached).toBe(manifest.urls.length);
    await first.close();

    await server.stop();
    await expect(rawGet(`${server.url}/`)).rejects.toThrow(/ECONNREFUSED/);
    await context.setOffline(true);

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(`${server.url}${DNS_RUNBOOK}`);
    expect(response?.fromServiceWorker()).toBe(true);
    expect(await page.locator('main h1').textContent()).toMatch(/dns/i);

    const links = await searchFor(page, 'nofailback');
    expect(links[0]).toBe(FAILOVER);
    await openFirstResult(page, FAILOVER);
    expect(await page.locator('main h1').textContent()).toMatch(/failover/i);

    // A page that was never built answers as the server would: the site's 404 page.
    const missing = await page.goto(`${server.url}/runbooks/never-written/`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('main h1').textContent()).toBe('Page not found');
    expect(errors).toEqual([]);
  });
});
