import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { chromiumOrSkip } from '../helpers/browser.ts';

// npm run build finishes the site in a process of its own (scripts/build/run-build.ts); every other test
// builds that way. Someone running `astro build` directly must still get the whole site.
const chromium = chromiumOrSkip('plain astro build');

describe.skipIf(chromium === 'skip')('a plain `astro build`', () => {
  it('still renders diagrams, indexes the pages and writes the offline copy, inside Astro', async () => {
    const content = mkdtempSync(path.join(tmpdir(), 'scarbook-plain-'));
    mkdirSync(path.join(content, 'runbooks/dns'), { recursive: true });
    writeFileSync(
      path.join(content, 'runbooks/dns/resolver-down.md'),
      '# The resolver is down\n\nCheck the upstream first.\n\n```mermaid\ngraph LR\n  client --> resolver --> upstream\n```\n',
    );
    const site = await buildSite(content, { name: 'plain', plainAstro: true });
    expect(site.log).not.toContain('outside Astro');
    const page = readFileSync(path.join(site.dist, 'runbooks/dns/resolver-down/index.html'), 'utf8');
    expect(page).toMatch(/<svg[^>]*aria-roledescription="flowchart/);
    expect(page).not.toContain('data-diagram-source');
    expect(existsSync(path.join(site.dist, 'pagefind/pagefind.js'))).toBe(true);
    expect(readFileSync(path.join(site.dist, 'sw.js'), 'utf8')).toContain('/runbooks/dns/resolver-down/');
  });
});
