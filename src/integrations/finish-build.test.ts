import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip } from '../../tests/helpers/browser.ts';
import { mermaidPlaceholder, PLACEHOLDER_MARKER } from '../mermaid/diagram-markup.ts';
import { createTestSite, FLOWCHART, page, SEQUENCE, writeStandardSite, type TestSite } from '../mermaid/test-site.ts';
import { finishBuild } from './finish-build.ts';
import type { FinishJob } from './finish-job.ts';
import { FINISHED_PAGES, readFinishedPages } from './finished-pages.ts';

// Skips with a note without Chromium on a laptop; fails the run under CI.
const executable = chromiumOrSkip('finish-build');

/** finishBuild as `npm run build` runs it after Astro, with Chromium or without (`none`); returns its log. */
async function finish(job: FinishJob, chromium: string): Promise<string> {
  const before = process.env.SCARBOOK_CHROMIUM;
  process.env.SCARBOOK_CHROMIUM = chromium;
  const log: string[] = [];
  try {
    await finishBuild(job, (m) => log.push(m));
  } finally {
    if (before === undefined) delete process.env.SCARBOOK_CHROMIUM;
    else process.env.SCARBOOK_CHROMIUM = before;
  }
  return log.join('\n');
}

const mtime = (site: TestSite, file: string) => statSync(path.join(site.dir, file)).mtimeMs;

describe.skipIf(executable === 'skip')('finishBuild over the pages of the last build', () => {
  let site: TestSite;
  let job: FinishJob;

  beforeAll(() => {
    site = createTestSite();
    writeStandardSite(site);
    site.write('runbooks/disk/index.html', page('Disk', '<article data-pagefind-body><h1>Disk full</h1><p>Free space first.</p></article>'));
    const astroCache = path.join(site.root, 'astro-cache');
    mkdirSync(astroCache, { recursive: true });
    job = {
      dir: site.dir,
      base: '/',
      cacheDir: site.cacheDir,
      unfinishedMark: path.join(astroCache, 'scarbook-build-unfinished'),
      searchManifest: path.join(astroCache, 'scarbook-search.json'),
      finishedPages: path.join(astroCache, FINISHED_PAGES),
      root: site.root,
      contentPath: path.join(site.root, 'content'),
    };
  });
  afterAll(() => site?.cleanup());

  it('renders in a later build the diagrams an earlier one left to the browser', async () => {
    await finish(job, 'none');
    expect(site.read('drills/failover/index.html')).toContain(PLACEHOLDER_MARKER);
    expect(readFinishedPages(job.finishedPages).pages.get('drills/failover/index.html')).toMatchObject({ placeholders: true });
    expect(readFinishedPages(job.finishedPages).pages.get('runbooks/disk/index.html')).toMatchObject({ placeholders: false, indexed: true });

    // Nothing changed since, but now Chromium is there: the record says which pages still wait for it.
    const log = await finish(job, executable);
    expect(log).toContain('3 diagram(s) on 3 page(s): 3 rendered');
    for (const file of ['runbooks/deploy/index.html', 'drills/failover/index.html', 'broken/index.html']) {
      expect(site.read(file)).not.toContain(PLACEHOLDER_MARKER);
      expect(readFinishedPages(job.finishedPages).pages.get(file)).toMatchObject({ placeholders: false });
    }
    expect(log).toContain('2 of 5 pages unchanged since the last build');
  }, 120_000);

  it('reads again only the pages written since, and leaves the others as they are', async () => {
    const kept = mtime(site, 'runbooks/deploy/index.html');
    // What Astro does to a page whose document changed: writes it again, placeholder and all.
    site.write('drills/failover/index.html', page('Failover', `<h1>Failover, edited</h1>${mermaidPlaceholder(SEQUENCE)}`));
    const browser = site.failingBrowser();
    const log = await finish(job, browser.path);
    // The one diagram it needs is in the cache: no browser, and the page that did not change is not touched.
    expect(browser.launched()).toBe(false);
    expect(log).toContain('1 diagram(s) on 1 page(s): 0 rendered, 1 from cache');
    expect(log).toContain('4 of 5 pages unchanged since the last build');
    expect(site.read('drills/failover/index.html')).not.toContain(PLACEHOLDER_MARKER);
    expect(mtime(site, 'runbooks/deploy/index.html')).toBe(kept);
    expect(site.read('runbooks/deploy/index.html')).not.toContain(mermaidPlaceholder(FLOWCHART));
  }, 120_000);
});
