import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { writeDrillFixture } from './fixture.ts';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\s+/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
/** The part of a page between an element's opening tag and `end`. */
const between = (html: string, start: string, end: string) => {
  const i = html.indexOf(start);
  expect(i, `${start} on the page`).toBeGreaterThan(-1);
  return html.slice(i, html.indexOf(end, i));
};

describe('drill evidence on the site (small fixture lab with test journals)', () => {
  let dist: string;
  let fixture: ReturnType<typeof writeDrillFixture>;
  const page = (route: string) => readFileSync(path.join(dist, route, 'index.html'), 'utf8');

  beforeAll(async () => {
    fixture = writeDrillFixture();
    dist = (await buildSite(fixture.dir, { name: 'drills-site' })).dist;
  });
  afterAll(() => {
    if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
    if (dist) rmSync(path.dirname(dist), { recursive: true, force: true });
  });

  it('the drill page shows its last result and every run: outcome, time to recover, rollback, operator, origin, anchor', () => {
    const html = page('drills/kill-dns');
    expect(text(between(html, '<dt>Last result</dt>', '</dd>'))).toContain('survived, 12 days ago');
    const history = between(html, '<section class="drill-history', '</section>');
    expect(history).not.toContain('<script');
    const rows = [...history.matchAll(/<tr id="(run-[^"]+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [m[1], text(m[2]!).trim()]);
    expect(rows).toHaveLength(2);
    expect(rows[0]![0]).toBe(`run-${fixture.at(12).replace(/\.\d+Z$/, 'Z').replace(/[^0-9a-z]+/gi, '-').toLowerCase()}-manual`);
    expect(rows[0]![1]).toMatch(/survived 14s ok test-operator-2 manual/);
    expect(rows[1]![1]).toMatch(/failed did not recover ok test-operator-1 runner steady state not back within 1m/);
    // The plot: one mark per run, each a link to its row, with the recovery limit drawn.
    expect(history).toMatch(/<svg[^>]*role="img"/);
    expect([...history.matchAll(/<a href="#(run-[^"]+)"[^>]*>\s*<title[^>]*>([^<]+)<\/title>/g)].map((m) => m[2])).toEqual([
      `${fixture.at(40).slice(0, 10)}: failed, did not recover`,
      `${fixture.at(12).slice(0, 10)}: survived, back in 14s`,
    ]);
    expect(history).toContain('limit 1m');
  });

  it('a drill that never ran says so, with how to run it', () => {
    const html = page('drills/never-run');
    expect(text(between(html, '<dt>Last result</dt>', '</dd>'))).toContain('never run');
    expect(text(between(html, '<section class="drill-history', '</section>'))).toContain('Never run. Run it with npm run drill');
  });

  it('the drills index shows each drill\'s last result instead of "never run" for all', () => {
    const t = text(page('drills'));
    expect(t).toMatch(/Kill the test DNS .* survived, 12 days ago/);
    expect(t).toMatch(/Old restore drill .* stale: survived 100 days ago/);
  });

  it('a runbook shows which drill last exercised it (front matter, or a section that says so)', () => {
    const dns = page('runbooks/dns');
    expect(text(between(dns, '<div class="exercised-by">', '</div>'))).toMatch(/last exercised by drill Kill the test DNS : survived, 12 days ago/);
    expect(dns).toContain('href="/drills/kill-dns/"');
    const restore = text(between(page('runbooks/restore'), '<div class="exercised-by">', '</div>'));
    expect(restore).toMatch(/Old restore drill : stale: survived 100 days ago \(section “Verify”\)/);
    expect(restore).not.toContain('Kill the test DNS');
  });

  it('a decision shows each confirming drill\'s latest result and whether it has expired', () => {
    const one = text(between(page('decisions/0001-one-dns'), '<div class="confirmed-by">', '</div>'));
    expect(one).toMatch(/drill Kill the test DNS : survived, 12 days ago valid until \d{4}-\d\d-\d\d \(named in Confirmation\)/);
    const two = text(between(page('decisions/0002-backups'), '<div class="confirmed-by">', '</div>'));
    expect(two).toMatch(/Old restore drill : stale: survived 100 days ago expired \d{4}-\d\d-\d\d \(results count for 30d\)/);
    expect(two).toMatch(/Never run drill : never run not confirmed yet/);
    expect(two).toContain('drill no-such-drill does not exist');
  });

  it('pages tell "last edited" from "last observed in the lab" and "last proven by a drill"', () => {
    const meta = text(between(page('runbooks/dns'), '<footer class="page-meta"', '</footer>'));
    expect(meta).toMatch(/Last edited \d{4}-\d\d-\d\d/);
    expect(meta).toMatch(/Last observed in the lab: \d{4}-\d\d-\d\d/);
    expect(meta).toContain(`Last proven by a drill: ${fixture.at(12).slice(0, 10)} (12 days ago, Kill the test DNS survived)`);
    expect(text(between(page('decisions/0002-backups'), '<footer class="page-meta"', '</footer>'))).toContain(`Last proven by a drill: ${fixture.at(100).slice(0, 10)}`);
  });

  it('every lab entity page carries a survival badge, linking the run that decided it', () => {
    // Containers and volumes are sections of their host's page (one page per machine).
    const part = (id: string) => between(page('lab/host/nas'), `data-entity="${id}"`, '</section>');
    const pihole = part('container:nas/pihole');
    const badge = between(pihole, '<dt>Drills</dt>', '</dd>');
    expect(badge).toContain('data-survival="survived"');
    expect(text(badge)).toMatch(/survived, 12 days ago by Kill the test DNS/);
    expect(badge).toMatch(/href="\/drills\/kill-dns\/#run-[^"]+-manual"/);
    expect(text(between(part('volume:nas/pihole_data'), '<dt>Drills</dt>', '</dd>'))).toContain('stale: survived 100 days ago');
    expect(text(between(page('lab/host/nas'), '<dt>Drills</dt>', '</dd>'))).toContain('never run by Never run drill');
    expect(text(between(part('container:nas/vaultwarden'), '<dt>Drills</dt>', '</dd>'))).toContain('never tested no drill targets this');
  });
});

describe('the example lab, whatever journals it has', () => {
  const dist = inject('exampleDist');
  it('every drill page has a history section and every entity page a survival badge', () => {
    for (const id of ['kill-pihole', 'pve2-power-loss', 'restore-postgres-sandbox', 'wireguard-tunnel-drop']) {
      expect(readFileSync(path.join(dist, 'drills', id, 'index.html'), 'utf8')).toContain('id="history"');
    }
    const nas = readFileSync(path.join(dist, 'lab/host/nas/index.html'), 'utf8');
    expect(between(nas, 'data-entity="container:nas/pihole"', '</section>')).toMatch(/data-survival="(survived|degraded|failed|stale|never-tested)"/);
    expect(readFileSync(path.join(dist, 'decisions/0002-pihole-as-only-dns/index.html'), 'utf8')).toContain('Confirmed by');
    expect(readFileSync(path.join(dist, 'runbooks/dns/dns-outage/index.html'), 'utf8')).toContain('last exercised by drill');
  });
});
