import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import matter from 'gray-matter';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runCheck } from '../../scripts/check.ts';
import { buildSite, ROOT, type BuiltSite } from '../helpers/build-site.ts';
import { chromiumOrSkip, inCI, launchChromium } from '../helpers/browser.ts';
import { serveStatic } from '../helpers/serve.ts';

/**
 * A real runbook collection written for Hugo (prometheus-operator/runbooks, see PROVENANCE.md
 * there), built with no edits. It is read from ../shared: its prose belongs to its authors.
 */
const CORPUS = path.resolve(ROOT, 'tests/corpora/prometheus-operator-runbooks');
const present = existsSync(CORPUS);
if (!present && inCI()) throw new Error(`CI is set but the runbook corpus is missing at ${CORPUS}`);
if (!present) console.warn(`\n[corpus] ${CORPUS} not found: skipping the real-runbook build test (it needs the shared corpora folder beside the project).\n`);

const runbookFiles = present
  ? (readdirSync(CORPUS, { recursive: true }) as string[]).filter((f) => f.endsWith('.md') && path.basename(f) !== '_index.md').sort()
  : [];
const titleOf = (f: string) => matter(readFileSync(path.join(CORPUS, f), 'utf8')).data.title ?? path.basename(f, '.md');
/** `node/NodeClockSkewDetected.md` → `/runbooks/node/nodeclockskewdetected/` */
const urlOf = (f: string) => `/runbooks/${f.replace(/\.md$/, '').toLowerCase()}/`;

describe.skipIf(!present)('prometheus-operator runbooks (real Hugo content, unedited)', () => {
  let site: BuiltSite;
  let project: string;
  beforeAll(async () => {
    project = mkdtempSync(path.join(tmpdir(), 'scarbook-corpus-'));
    writeFileSync(path.join(project, 'scarbook.config.json'), JSON.stringify({ contentDir: 'content' }));
    cpSync(CORPUS, path.join(project, 'content/runbooks'), { recursive: true });
    site = await buildSite(path.join(project, 'content'), { name: 'corpus' });
  });

  it('passes npm run check: front matter and every link, Hugo refs included', async () => {
    const { problems, files } = await runCheck(project);
    expect(problems).toEqual([]);
    expect(files).toBe(runbookFiles.length + 9); // and the nine _index.md section files
  });

  it('builds a page for every runbook', () => {
    expect(runbookFiles.length).toBeGreaterThan(100);
    const missing = runbookFiles.filter((f) => !existsSync(path.join(site.dist, urlOf(f), 'index.html')));
    expect(missing).toEqual([]);
  });

  it('turns Hugo `{{< ref >}}` shortcode links into links to the right page', () => {
    const page = readFileSync(path.join(site.dist, 'runbooks/node/noderaiddiskfailure/index.html'), 'utf8');
    expect(page).toContain('<a href="/runbooks/node/noderaiddegraded/">Node RAID Degraded</a>');
    expect(page).not.toMatch(/\{\{(&lt;|<) ref/);
  });

  describe('search', () => {
    const executable = present ? chromiumOrSkip('corpus search') : 'skip';
    let browser: Browser | undefined;
    let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it.skipIf(executable === 'skip')('finds every runbook by its title with Pagefind in Chromium', async () => {
      server = await serveStatic(site.dist);
      browser = await launchChromium(executable);
      const page = await browser.newPage();
      await page.goto(`${server.url}/search/`);
      // Search by what a reader knows: the title (front matter, else the file's alert name).
      const names = runbookFiles.map((f) => ({ term: titleOf(f), url: urlOf(f) }));
      // A string, not a function: Vitest would rewrite a function's dynamic import() for Node.
      const notFound: string[] = await page.evaluate(`(async (items) => {
        const pagefind = await import('/pagefind/pagefind.js');
        const missing = [];
        for (const { term, url } of items) {
          const result = await pagefind.search(term);
          const urls = await Promise.all(result.results.slice(0, 10).map(async (r) => (await r.data()).url));
          if (!urls.includes(url)) missing.push(term + ' → ' + (urls.join(', ') || 'no results'));
        }
        return missing;
      })(${JSON.stringify(names)})`);
      expect(notFound).toEqual([]);
    });
  });
});
