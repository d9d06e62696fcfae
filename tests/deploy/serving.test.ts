import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileUrl, HASHED_PATH } from '../../src/integrations/offline-files.ts';
import { rawGet, siteFiles } from './http.ts';
import { siteServers, type SiteServer } from './servers.ts';

const YEAR = 'public, max-age=31536000, immutable';
const TYPES: [RegExp, RegExp][] = [
  [/\.html$/, /^text\/html; charset=utf-8$/i],
  [/\.js$/, /^(application|text)\/javascript\b/],
  [/\.css$/, /^text\/css\b/],
  [/\.json$/, /^application\/json\b/],
  [/\.svg$/, /^image\/svg\+xml\b/],
];

/** Does a TCP connection to host:port succeed? */
const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

for (const { name, start } of siteServers()) {
  describe.skipIf(!start)(`serving dist/ with ${name} (deploy/${name})`, () => {
    let server: SiteServer;
    const dist = inject('exampleDist');
    const files = siteFiles(dist);
    const notFoundTitle = /<title>([^<]*)<\/title>/.exec(readFileSync(path.join(dist, '404.html'), 'utf8'))![1]!;
    const get = (p: string, headers?: Record<string, string>) => rawGet(`${server.url}${p}`, headers);

    beforeAll(async () => {
      server = await start!(dist);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('serves every built file byte for byte, cached for a year exactly when its name changes with its content', async () => {
      const seen = { hashed: 0, revalidated: 0 };
      for (const file of files) {
        const url = fileUrl(file, '/');
        const res = await get(url);
        expect(res.status, url).toBe(200);
        expect(res.body.equals(readFileSync(path.join(dist, file))), `${url}: body differs from ${file}`).toBe(true);
        const hashed = HASHED_PATH.test(url);
        expect(res.headers['cache-control'], url).toBe(hashed ? YEAR : 'no-cache');
        seen[hashed ? 'hashed' : 'revalidated']++;
        const type = TYPES.find(([ext]) => ext.test(file));
        if (type) expect(res.headers['content-type'], url).toMatch(type[1]);
        expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      }
      // The rules above must have been exercised both ways, and on Pagefind's files in particular.
      expect(files).toEqual(expect.arrayContaining(['sw.js', 'pagefind/pagefind-entry.json', 'pagefind/pagefind.js', 'pagefind/wasm.en.pagefind']));
      expect(files.some((f) => /^pagefind\/fragment\/.+\.pf_fragment$/.test(f) && HASHED_PATH.test(f))).toBe(true);
      expect(seen.hashed).toBeGreaterThan(10);
      expect(seen.revalidated).toBeGreaterThan(10);
    });

    it('answers 304 to a revalidation of an unchanged page and of the search entry file', async () => {
      for (const url of ['/', '/runbooks/dns/dns-outage/', '/pagefind/pagefind-entry.json', '/pagefind/pagefind.js']) {
        const first = await get(url);
        const etag = first.headers['etag'] as string | undefined;
        const modified = first.headers['last-modified'] as string | undefined;
        expect(etag ?? modified, `${url} has no validator`).toBeTruthy();
        const again = await get(url, etag ? { 'if-none-match': etag } : { 'if-modified-since': modified! });
        expect(again.status, url).toBe(304);
        expect(again.body.length).toBe(0);
      }
    });

    it('compresses text with gzip, and leaves Pagefind’s already-compressed index alone', async () => {
      for (const file of ['index.html', 'runbooks/dns/dns-outage/index.html', 'pagefind/pagefind-component-ui.js', 'pagefind/pagefind-component-ui.css', 'sw.js']) {
        const res = await get(fileUrl(file, '/'), { 'accept-encoding': 'gzip' });
        expect(res.headers['content-encoding'], file).toBe('gzip');
        expect(res.headers['vary'], file).toMatch(/accept-encoding/i);
        const original = readFileSync(path.join(dist, file));
        expect(gunzipSync(res.body).equals(original), file).toBe(true);
        expect(res.body.length, file).toBeLessThan(original.length * 0.6);
      }
      for (const file of files.filter((f) => /\.(pf_fragment|pf_index|pagefind)$/.test(f)).slice(0, 5)) {
        const res = await get(fileUrl(file, '/'), { 'accept-encoding': 'gzip' });
        expect(res.headers['content-encoding'], file).toBeUndefined();
        expect(res.body.equals(readFileSync(path.join(dist, file))), file).toBe(true);
      }
    });

    it('answers a missing page with the site’s 404 page and status 404, never cached for long', async () => {
      for (const url of ['/no/such/page/', '/runbooks/not-a-runbook/', '/_astro/missing.js', '/pagefind/fragment/en_missing.pf_fragment']) {
        const res = await get(url);
        expect(res.status, url).toBe(404);
        expect(res.body.toString(), url).toContain(`<title>${notFoundTitle}</title>`);
        expect(res.headers['cache-control'] ?? '', url).not.toContain('immutable');
      }
    });

    it('never lists a folder: a folder without index.html is a 404', async () => {
      for (const folder of ['_astro', 'pagefind', 'pagefind/fragment', 'pagefind/index']) {
        const res = await get(`/${folder}/`);
        expect(res.status, folder).toBe(404);
        // The body is the site's 404 page itself, not a listing with the page's title.
        expect(res.body.equals(readFileSync(path.join(dist, '404.html'))), folder).toBe(true);
      }
    });

    it('redirects a folder without its slash to the folder, with a relative Location', async () => {
      const res = await get('/runbooks');
      expect([301, 308], `status ${res.status}`).toContain(res.status);
      expect(res.headers['location']).toBe('/runbooks/');
    });

    it('listens on 127.0.0.1 only', async () => {
      const port = Number(new URL(server.url).port);
      expect(await reachable('127.0.0.1', port)).toBe(true);
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && !a.internal && a.family === 'IPv4')
        .map((a) => a!.address);
      for (const address of others) expect(await reachable(address, port), `${address}:${port}`).toBe(false);
    });
  });
}
