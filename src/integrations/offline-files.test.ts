import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHash, fileUrl, HASHED_PATH, precacheEntries } from './offline-files.ts';
import { SEARCH_FOLDERS } from './search-bundles.ts';

describe('HASHED_PATH: which built files may be cached for a year', () => {
  it.each([
    ['/_astro/Base.qP3p22OQ.css', true],
    ['/docs/_astro/Base.qP3p22OQ.css', true],
    ['/pagefind/fragment/en_019a87e.pf_fragment', true],
    ['/pagefind/index/en_30b1c49.pf_index', true],
    ['/pagefind/filter/en_8ac4f94.pf_filter', true],
    ['/pagefind/pagefind.en_557a5566ad.pf_meta', true],
    ['/pagefind-lab/fragment/en_019a87e.pf_fragment', true],
    ['/docs/pagefind-lab/pagefind.en_557a5566ad.pf_meta', true],
    // Same name after every build: must be revalidated.
    ['/pagefind/pagefind-entry.json', false],
    ['/pagefind-lab/pagefind-entry.json', false],
    ['/pagefind-labs/fragment/en_019a87e.pf_fragment', false],
    ['/pagefind/pagefind.js', false],
    ['/pagefind/pagefind-worker.js', false],
    ['/pagefind/wasm.en.pagefind', false],
    ['/pagefind/pagefind-component-ui.js', false],
    ['/sw.js', false],
    ['/runbooks/dns/dns-outage/', false],
    ['/runbooks/_astro-notes/', false],
  ])('%s → %s', (url, hashed) => {
    expect(HASHED_PATH.test(url)).toBe(hashed);
  });

  it('covers the index files of every search bundle, and none of their fixed names', () => {
    for (const folder of Object.values(SEARCH_FOLDERS)) {
      expect(HASHED_PATH.test(`/${folder}/fragment/en_019a87e.pf_fragment`), folder).toBe(true);
      expect(HASHED_PATH.test(`/${folder}/pagefind.en_557a5566ad.pf_meta`), folder).toBe(true);
      expect(HASHED_PATH.test(`/${folder}/pagefind-entry.json`), folder).toBe(false);
      expect(HASHED_PATH.test(`/${folder}/wasm.en.pagefind`), folder).toBe(false);
    }
  });
});

describe('fileUrl', () => {
  it.each([
    ['index.html', '/', '/'],
    ['runbooks/dns/index.html', '/', '/runbooks/dns/'],
    ['404.html', '/', '/404.html'],
    ['pagefind/pagefind.js', '/docs/', '/docs/pagefind/pagefind.js'],
    ['index.html', '/docs', '/docs/'],
  ])('%s under %s → %s', (file, base, url) => {
    expect(fileUrl(file, base)).toBe(url);
  });
});

describe('precacheEntries and buildHash', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every served file but sw.js and dot files, sorted, and the hash follows the content', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scarbook-offline-'));
    for (const [file, text] of Object.entries({ 'index.html': 'home', 'b/index.html': 'b', 'pagefind/pagefind-entry.json': '{}', 'sw.js': 'x', '.well-known/x': 'x', 'a.css.gz': 'x' })) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const entries = await precacheEntries(dir, '/');
    expect(entries.map((e) => e.url)).toEqual(['/b/', '/', '/pagefind/pagefind-entry.json']);
    const before = buildHash(entries);
    expect(buildHash(await precacheEntries(dir, '/'))).toBe(before);
    writeFileSync(path.join(dir, 'b/index.html'), 'b, edited');
    expect(buildHash(await precacheEntries(dir, '/'))).not.toBe(before);
  });

  it('takes a file named by its content by its name, and its size', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scarbook-offline-'));
    mkdirSync(path.join(dir, 'pagefind/fragment'), { recursive: true });
    writeFileSync(path.join(dir, 'pagefind/fragment/en_019a87e.pf_fragment'), 'twelve bytes');
    const [entry] = await precacheEntries(dir, '/');
    expect(entry).toEqual({ url: '/pagefind/fragment/en_019a87e.pf_fragment', file: 'pagefind/fragment/en_019a87e.pf_fragment', bytes: 12 });
    const before = buildHash([entry!]);
    // New content comes under a new name (Pagefind's fragments, Vite's bundles).
    rmSync(path.join(dir, 'pagefind/fragment/en_019a87e.pf_fragment'));
    writeFileSync(path.join(dir, 'pagefind/fragment/en_7c01f2d.pf_fragment'), 'other content');
    expect(buildHash(await precacheEntries(dir, '/'))).not.toBe(before);
  });
});
