import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { listContentFiles } from '../../src/lib/validate-content.ts';
import { entryId } from '../../src/lib/entry-id.ts';
import { ROOT } from '../helpers/build-site.ts';

const dist = inject('exampleDist');
const html = (route: string) => readFileSync(path.join(dist, route, 'index.html'), 'utf8');

/** Pagefind's fragments, both bundles (search-bundles.ts): one gzip'd JSON record per indexed page (url, content, filters). */
export function readFragments(site: string): { url: string; content: string; filters: Record<string, string[]>; meta: Record<string, string>; bundle: string }[] {
  return ['pagefind', 'pagefind-lab'].flatMap((bundle) => {
    const dir = path.join(site, bundle, 'fragment');
    return readdirSync(dir).map((f) => ({ ...JSON.parse(gunzipSync(readFileSync(path.join(dir, f))).subarray('pagefind_dcd'.length).toString('utf8')), bundle }));
  });
}

describe('the example lab site', async () => {
  const files = await listContentFiles(path.join(ROOT, 'content'));
  const routes = files.map((f) => `${f.section}/${entryId(path.relative(path.join(ROOT, 'content', f.section), f.file))}`);

  it('has a page for every runbook, decision, drill and incident', () => {
    expect(routes.length).toBeGreaterThanOrEqual(24);
    for (const route of routes) expect(existsSync(path.join(dist, route, 'index.html')), route).toBe(true);
    for (const route of ['', 'runbooks', 'decisions', 'drills', 'incidents', 'tags', 'tags/dns', 'search']) expect(existsSync(path.join(dist, route, 'index.html')), route).toBe(true);
    expect(existsSync(path.join(dist, '404.html'))).toBe(true);
  });

  it('indexes exactly the content pages for search, with type, tag and mode filters', () => {
    const fragments = readFragments(dist);
    const documents = fragments.filter((f) => !f.url.startsWith('/lab/'));
    expect(documents.map((f) => f.url.replace(/^\/|\/$/g, '')).sort()).toEqual([...routes].sort());
    // Each in its bundle: documents in the primary one, lab pages in the lab's.
    expect(fragments.filter((f) => f.bundle !== (f.url.startsWith('/lab/') ? 'pagefind-lab' : 'pagefind')).map((f) => f.url)).toEqual([]);
    // Lab entities are searchable too, under their own type. A container is a section of its
    // host's page (one page per machine keeps a fleet under Pagefind's page limit), not a page.
    const nas = fragments.find((f) => f.url === '/lab/host/nas/');
    expect(nas?.filters.type).toEqual(['lab']);
    expect(nas?.content).toContain('nextcloud');
    expect(fragments.some((f) => f.url.startsWith('/lab/container/') || f.url.startsWith('/lab/volume/'))).toBe(false);
    expect(existsSync(path.join(dist, 'lab/container/nas/nextcloud/index.html'))).toBe(false);
    const dnsOutage = fragments.find((f) => f.url === '/runbooks/dns/dns-outage/')!;
    expect(dnsOutage.filters).toMatchObject({ type: ['runbook'], mode: ['production'] });
    expect(dnsOutage.filters.tag).toContain('dns');
    // Only the article is indexed: navigation and the facts box never reach the index.
    expect(dnsOutage.content).not.toMatch(/Skip to content|On this page|Last updated|Edit this page/);
    expect(dnsOutage.content).toContain(';; connection timed out; no servers could be reached');
  });

  it('titles a runbook without front matter from its first heading', () => {
    expect(html('runbooks/network/wireguard-tunnel-down')).toMatch(/<h1>WireGuard tunnel down<\/h1>/);
  });

  it('renders GFM: tables, task lists, footnotes, strikethrough, autolinks — in .md and .mdx', () => {
    const all = routes.filter((r) => r.startsWith('runbooks/')).map((r) => html(r)).join('\n');
    expect(all).toMatch(/<table>/);
    expect(all).toMatch(/<input[^>]*type="checkbox"/);
    expect(all).toMatch(/<section[^>]*class="footnotes"|data-footnotes/);
    expect(all).toMatch(/<del>/);
    expect(all).toMatch(/<a href="https?:\/\/[^"]+">https?:\/\//);
    const mdx = html('runbooks/storage/docker-volume-restore');
    expect(mdx).toMatch(/<table>|<input[^>]*type="checkbox"|<del>/);
  });

  it('turns links to .md files into page URLs', () => {
    const dns = html('runbooks/dns/dns-outage');
    expect(dns).toContain('href="/decisions/0002-pihole-as-only-dns/"');
    for (const route of routes) expect(html(route), route).not.toMatch(/href="(?!https?:)[^"]*\.mdx?(#[^"]*)?"/);
  });

  it('shows supersede links in both directions', () => {
    expect(html('decisions/0003-back-up-with-borg-to-usb-disk')).toMatch(/Superseded by[\s\S]*?href="\/decisions\/0005-back-up-with-restic-to-rest-server\/"/);
    expect(html('decisions/0005-back-up-with-restic-to-rest-server')).toMatch(/Supersedes[\s\S]*?href="\/decisions\/0003-back-up-with-borg-to-usb-disk\/"/);
    expect(html('decisions')).toMatch(/badge-superseded/);
  });

  it('renders mermaid diagrams to inline SVG (no Shiki on them)', () => {
    const dns = html('runbooks/dns/dns-outage');
    expect(dns).toMatch(/<figure class="diagram"[\s\S]*?<svg/);
    expect(dns).not.toMatch(/data-language="mermaid"/);
  });

  it('keeps navigation bounded: a runbook page links to its folder, not to every page', () => {
    const page = html('runbooks/dns/dns-outage');
    const links = page.match(/<a /g)?.length ?? 0;
    expect(links).toBeLessThan(60);
  });

  it('lists runbooks not verified for 90 days on the home page', () => {
    const home = html('');
    const section = home.slice(home.indexOf('id="unverified"'));
    expect(section).toContain('/runbooks/storage/nas-disk-full/');
    expect(section).toContain('/runbooks/network/wireguard-tunnel-down/');
    expect(section).not.toContain('/runbooks/dns/dns-outage/');
  });

  it('loads nothing from outside the site', () => {
    for (const route of ['', 'runbooks/dns/dns-outage', 'search']) {
      const page = html(route);
      expect(page).not.toMatch(/<(script|link)[^>]+(src|href)="(https?:)?\/\//);
    }
  });
});
