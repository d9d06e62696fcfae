import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeServiceWorker } from '../../src/integrations/offline.ts';
import { HASHED_PATH } from '../../src/integrations/offline-files.ts';
import { buildSearchIndex } from '../../src/integrations/search-index.ts';
import { tempDir } from '../../scripts/lab/testing/server-process.ts';
import { chromiumOrSkip, launchChromium } from '../helpers/browser.ts';
import { ROOT } from '../helpers/build-site.ts';
import { siteFiles } from './http.ts';
import { openFirstResult, searchFor } from './search-ui.ts';
import { siteServers, type SiteServer } from './servers.ts';

/*
 * Search end to end through the real servers, and the reason for their cache headers: after a
 * rebuild, a browser that searched yesterday's index finds today's pages with no hard reload.
 */

const FAILOVER = '/runbooks/proxmox/node-failover/';
const NEW_WORD = 'zxqvjorble';
const NEW_PAGE = '/runbooks/rebuilt/new-page/';

/** A second build of the site: one page more, indexed again by the same function the build uses. */
async function rebuildWithNewPage(from: string, to: string): Promise<void> {
  cpSync(from, to, { recursive: true });
  rmSync(path.join(to, 'pagefind'), { recursive: true });
  mkdirSync(path.join(to, NEW_PAGE), { recursive: true });
  writeFileSync(
    path.join(to, NEW_PAGE, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>New page</title></head>` +
      `<body><article data-pagefind-body><h1>New page</h1><p>Written after the first build: ${NEW_WORD}.</p></article></body></html>`,
  );
  await buildSearchIndex(to);
  await writeServiceWorker(to, '/');
}

const executable = chromiumOrSkip('deploy: search through nginx and Caddy');

for (const { name, start } of siteServers()) {
  describe.skipIf(!start || executable === 'skip')(`search through ${name} (browser)`, () => {
    const dist = inject('exampleDist');
    const tmp = tempDir(`search-${name}`);
    const builds = path.join(tmp.dir, 'builds');
    const current = path.join(tmp.dir, 'current');
    let server: SiteServer;
    let browser: Browser;

    /** What the scheduled builder does: point `current` at another build in one rename. */
    const publish = (build: string) => {
      symlinkSync(path.join('builds', build), `${current}.next`);
      renameSync(`${current}.next`, current);
    };

    beforeAll(async () => {
      cpSync(dist, path.join(builds, 'first'), { recursive: true });
      publish('first');
      server = await start!(current);
      browser = await launchChromium(executable as string);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      tmp.remove();
    });

    it('finds a word from one runbook and opens it', async () => {
      const source = readFileSync(path.join(ROOT, 'content/runbooks/proxmox/node-failover.md'), 'utf8');
      expect(source).toContain('--nofailback');
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/`);
      const links = await searchFor(page, 'nofailback');
      expect(links[0]).toBe(FAILOVER);
      await openFirstResult(page, FAILOVER);
      expect(await page.locator('main h1').textContent()).toContain('failover');
      expect(errors).toEqual([]);
      await context.close();
    });

    it('after a rebuild, the same browser finds the new page without a hard reload', async () => {
      await rebuildWithNewPage(path.join(builds, 'first'), path.join(builds, 'second'));
      // Pagefind keeps some names across builds with new content: those must be the revalidated ones.
      const first = new Set(siteFiles(path.join(builds, 'first')));
      const changedInPlace = siteFiles(path.join(builds, 'second')).filter(
        (f) => first.has(f) && !readFileSync(path.join(builds, 'first', f)).equals(readFileSync(path.join(builds, 'second', f))),
      );
      expect(changedInPlace).toContain('pagefind/pagefind-entry.json');
      expect(changedInPlace.filter((f) => HASHED_PATH.test(f))).toEqual([]);

      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      expect(await searchFor(page, NEW_WORD)).not.toContain(NEW_PAGE);

      publish('second');
      await page.goto(`${server.url}/`);
      expect((await searchFor(page, NEW_WORD))[0]).toBe(NEW_PAGE);
      await openFirstResult(page, NEW_PAGE);
      await context.close();
    });
  });
}
