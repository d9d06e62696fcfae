import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip } from '../../tests/helpers/browser.ts';
import { mermaidPlaceholder } from './diagram-markup.ts';
import { renderDiagrams, type RenderStats } from './render-diagrams.ts';
import { createTestSite, FLOWCHART, ids, page, writeStandardSite, type TestSite } from './test-site.ts';

// Skips with a note without Chromium on a laptop; fails the run under CI.
const executable = chromiumOrSkip('render-diagrams');
const TIMEOUT = 120_000;

describe.skipIf(executable === 'skip')('renderDiagrams with Chromium', () => {
  let chromium: string;
  let site: TestSite;
  let first: RenderStats;
  const logs: string[] = [];
  let homeBefore: string;

  beforeAll(async () => {
    chromium = executable;
    site = createTestSite();
    writeStandardSite(site);
    homeBefore = site.read('index.html');
    first = await renderDiagrams({ dir: site.dir, cacheDir: site.cacheDir, chromium, log: (m) => logs.push(m) });
  }, TIMEOUT);
  afterAll(() => site?.cleanup());

  it('renders each distinct diagram once and counts the broken one', () => {
    expect(first).toEqual({ files: 3, diagrams: 3, rendered: 3, cached: 0, errors: 1, mode: 'svg', clientPages: [] });
  });

  it('replaces placeholders with one SVG each in an accessible figure', () => {
    const html = site.read('runbooks/deploy/index.html');
    expect(html).not.toContain('data-diagram-source');
    expect(html.match(/<figure class="diagram" role="img" aria-label="Flowchart">/g)).toHaveLength(2);
    expect(html).toMatch(/<figure class="diagram" role="img" aria-label="Flowchart"><svg id="mermaid-[0-9a-f]{12}"/);
    // One rendering per diagram: two diagrams on the page, two SVGs.
    expect(html.match(/<svg id="mermaid-/g)).toHaveLength(2);
    expect(html).toContain('<summary>Diagram source</summary><pre>graph TD\n  A[&quot;Deploy &amp; &lt;verify&gt;&quot;]');
    expect(html).not.toContain('_scarbook');
    expect(site.read('drills/failover/index.html')).toContain('aria-label="Failover drill"');
  });

  it("renders in mermaid's light theme (dark mode is a CSS filter)", () => {
    const html = site.read('runbooks/deploy/index.html');
    const svg = /<figure class="diagram"[^>]*>(<svg[\s\S]*?<\/svg>)<\/figure>/.exec(html)?.[1] ?? '';
    expect(svg).toContain('fill:#333');
    expect(svg).not.toContain('fill:#ccc');
  });

  it('keeps every id unique on a page, even for a repeated diagram', () => {
    for (const file of ['runbooks/deploy/index.html', 'drills/failover/index.html']) {
      const all = ids(site.read(file));
      expect(all.length).toBeGreaterThan(0);
      expect(new Set(all).size).toBe(all.length);
    }
  });

  it('shows an error figure for a broken diagram, and the rest of the page survives', () => {
    const html = site.read('broken/index.html');
    expect(html).toContain(
      '<p>Before</p><figure class="diagram diagram-error" role="note"><p><strong>This diagram has an error:</strong> Parse error on line',
    );
    expect(html).toContain('<pre>graph TD; A--&gt;</pre></figure><p>After</p>');
    expect(html).not.toContain('<svg');
    expect(logs.join('\n')).toContain('Mermaid syntax error in broken/index.html');
  });

  it('does not touch pages without diagrams', () => {
    expect(site.read('index.html')).toBe(homeBefore);
  });

  it('caches one file per diagram (an error too)', () => {
    const files = readdirSync(site.cacheDir).sort();
    expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.error'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.tmp'))).toHaveLength(0);
  });

  it(
    'rebuilds from the cache without launching the browser',
    async () => {
      const rendered = {
        deploy: site.read('runbooks/deploy/index.html'),
        broken: site.read('broken/index.html'),
      };
      writeStandardSite(site); // a fresh build writes placeholders again
      const fake = site.failingBrowser();
      const stats = await renderDiagrams({ dir: site.dir, cacheDir: site.cacheDir, chromium: fake.path });
      expect(stats).toEqual({ files: 3, diagrams: 3, rendered: 0, cached: 3, errors: 1, mode: 'svg', clientPages: [] });
      expect(fake.launched()).toBe(false);
      expect(site.read('runbooks/deploy/index.html')).toBe(rendered.deploy);
      expect(site.read('broken/index.html')).toBe(rendered.broken);
    },
    TIMEOUT,
  );

  it(
    'renders only what changed',
    async () => {
      writeStandardSite(site);
      site.write('broken/index.html', page('Fixed', mermaidPlaceholder('graph TD; A-->B')));
      const stats = await renderDiagrams({ dir: site.dir, cacheDir: site.cacheDir, chromium });
      expect(stats).toEqual({ files: 3, diagrams: 3, rendered: 1, cached: 2, errors: 0, mode: 'svg', clientPages: [] });
      expect(site.read('broken/index.html')).toMatch(/<figure class="diagram"[^>]*><svg/);
    },
    TIMEOUT,
  );

  it(
    'falls back to client rendering when the browser cannot start',
    async () => {
      const fresh = createTestSite();
      try {
        fresh.write('a/index.html', page('A', mermaidPlaceholder(FLOWCHART)));
        const fake = fresh.failingBrowser();
        const messages: string[] = [];
        const stats = await renderDiagrams({
          dir: fresh.dir,
          cacheDir: fresh.cacheDir,
          chromium: fake.path,
          log: (m) => messages.push(m),
        });
        expect(fake.launched()).toBe(true);
        expect(stats).toMatchObject({ diagrams: 1, rendered: 0, cached: 0, mode: 'client' });
        expect(fresh.read('a/index.html')).toContain('<script type="module" src="/_scarbook/mermaid-client.js"></script>');
        expect(messages.join('\n')).toMatch(/Could not start Chromium .* render in the reader's browser/);
      } finally {
        fresh.cleanup();
      }
    },
    TIMEOUT,
  );
});

describe('renderDiagrams without diagrams', () => {
  it('reports mode none and rewrites nothing', async () => {
    const site = createTestSite();
    try {
      site.write('index.html', page('Home', '<p>plain</p>'));
      const stats = await renderDiagrams({ dir: site.dir, cacheDir: site.cacheDir, chromium: null });
      expect(stats).toEqual({ files: 0, diagrams: 0, rendered: 0, cached: 0, errors: 0, mode: 'none', clientPages: [] });
      expect(site.read('index.html')).toBe(page('Home', '<p>plain</p>'));
      expect(site.exists('_scarbook')).toBe(false);
    } finally {
      site.cleanup();
    }
  });

  it('names the directory when the build output is missing', async () => {
    await expect(renderDiagrams({ dir: '/nonexistent/dist', cacheDir: '/tmp/x', chromium: null })).rejects.toThrow(
      /\/nonexistent\/dist.*run the site build first/,
    );
  });
});
