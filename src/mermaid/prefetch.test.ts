import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chromiumOrSkip } from '../../tests/helpers/browser.ts';
import { announceDiagram } from './announce.ts';
import { DiagramCache } from './diagram-cache.ts';
import { mermaidPlaceholder } from './diagram-markup.ts';
import { DiagramPrefetch } from './prefetch.ts';
import { renderDiagrams } from './render-diagrams.ts';
import { BROKEN, createTestSite, FLOWCHART, SEQUENCE, writeStandardSite, type TestSite } from './test-site.ts';

const executable = chromiumOrSkip('diagram prefetch');
let site: TestSite | undefined;
afterEach(() => site?.cleanup());

describe('announceDiagram without a prefetch', () => {
  it('does nothing: placeholders are made as before', () => {
    expect(() => announceDiagram(FLOWCHART)).not.toThrow();
    expect(mermaidPlaceholder('graph TD; A-->B')).toBe('<pre class="mermaid" data-diagram-source>graph TD; A--&gt;B</pre>');
  });
});

describe.skipIf(executable === 'skip')('DiagramPrefetch with Chromium', () => {
  it('renders announced diagrams into the cache during the build; the post-build pass then renders none', async () => {
    site = createTestSite();
    const logs: string[] = [];
    const prefetch = new DiagramPrefetch({ cache: new DiagramCache(site.cacheDir), chromium: executable as string, log: (m) => logs.push(m), workers: 1 }).install();
    // What page generation does: every placeholder announces its source (twice for a repeated diagram).
    writeStandardSite(site);
    await vi.waitFor(() => expect(prefetch.rendered).toBe(3), { timeout: 60_000, interval: 100 });
    await prefetch.stop();
    expect(logs).toEqual([]);
    // A syntax error is cached too (as .error): the post-build pass shows it without a browser.
    expect(readdirSync(site.cacheDir).filter((f) => f.endsWith('.svg'))).toHaveLength(2);
    expect(readdirSync(site.cacheDir).filter((f) => f.endsWith('.error'))).toHaveLength(1);

    const stats = await renderDiagrams({ dir: site.dir, cacheDir: site.cacheDir, chromium: site.failingBrowser().path });
    expect(stats).toEqual({ files: 3, diagrams: 3, rendered: 0, cached: 3, errors: 1, mode: 'svg' });
    expect(site.read('runbooks/deploy/index.html')).toMatch(/<figure class="diagram"[^>]*><svg id="mermaid-/);

    // Stopped: later announcements are ignored, and nothing is left running.
    announceDiagram(`${SEQUENCE}\n  DB->>Ops: later`);
    expect(prefetch.rendered).toBe(3);
  }, 90_000);

  it('reports a browser that will not start once, and leaves every diagram to the post-build pass', async () => {
    site = createTestSite();
    const logs: string[] = [];
    const fake = site.failingBrowser();
    const prefetch = new DiagramPrefetch({ cache: new DiagramCache(site.cacheDir), chromium: fake.path, log: (m) => logs.push(m) }).install();
    announceDiagram(FLOWCHART);
    announceDiagram(BROKEN);
    await vi.waitFor(() => expect(logs).toHaveLength(1), { timeout: 30_000, interval: 100 });
    await prefetch.stop();
    expect(fake.launched()).toBe(true);
    expect(logs[0]).toMatch(/could not start Chromium .*rendered after the build/);
    expect(prefetch.rendered).toBe(0);
  }, 60_000);
});
