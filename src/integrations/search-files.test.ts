import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { close } from 'pagefind';
import { afterAll, describe, expect, it } from 'vitest';
import { filesInside } from '../lib/files-under.ts';
import { isContentNamedSearchFile, pruneSearchFiles, searchIndexFiles } from './search-files.ts';
import { addPage, createPageIndex } from './search-index.ts';

const page = (title: string, words: string) =>
  Buffer.from(`<!doctype html><html lang="en"><head><title>${title}</title></head><body><article data-pagefind-body data-pagefind-filter="kind:runbook"><h1>${title}</h1><p>${words}</p></article></body></html>`);

/** A search index of three pages written by Pagefind itself into a new folder. */
async function writtenIndex(): Promise<string> {
  const folder = path.join(mkdtempSync(path.join(tmpdir(), 'scarbook-search-files-')), 'pagefind');
  const target = await createPageIndex();
  await addPage(target, 'runbooks/dns/index.html', page('DNS outage', 'pihole resolver upstream'));
  await addPage(target, 'runbooks/disk/index.html', page('Disk full', 'nas volume snapshot prune'));
  await addPage(target, 'lab/host/nas/index.html', page('nas', 'host containers pihole'));
  expect((await target.index.writeFiles({ outputPath: folder })).errors).toEqual([]);
  return folder;
}

afterAll(() => close());

describe('the search index files', () => {
  it('tells the files Pagefind names by their content from the others', () => {
    expect(isContentNamedSearchFile('pagefind/fragment/en_4a1b2c3.pf_fragment')).toBe(true);
    expect(isContentNamedSearchFile('pagefind/index/en_4a1b2c3.pf_index')).toBe(true);
    expect(isContentNamedSearchFile('pagefind/filter/en_4a1b2c3.pf_filter')).toBe(true);
    expect(isContentNamedSearchFile('pagefind/pagefind.en_4a1b2c3d4e.pf_meta')).toBe(true);
    expect(isContentNamedSearchFile('pagefind/pagefind.js')).toBe(false);
    expect(isContentNamedSearchFile('pagefind/pagefind-entry.json')).toBe(false);
    expect(isContentNamedSearchFile('pagefind/wasm.en.pagefind')).toBe(false);
    expect(isContentNamedSearchFile('runbooks/x.pf_fragment')).toBe(false);
  });

  it('reads which files an index uses: every content-named file Pagefind wrote', async () => {
    const folder = await writtenIndex();
    const used = searchIndexFiles(folder);
    const named = filesInside(folder).filter((f) => isContentNamedSearchFile(`pagefind/${f}`));
    expect([...used].filter((f) => f !== 'pagefind-entry.json').sort()).toEqual(named);
    expect(named.filter((f) => f.startsWith('fragment/'))).toHaveLength(3);
    expect(named.filter((f) => f.startsWith('filter/'))).toHaveLength(1);
    expect(named.some((f) => f.startsWith('index/'))).toBe(true);
    expect(pruneSearchFiles(folder)).toBe(0);
  }, 60_000);

  it('deletes the content-named files no longer used, and only those', async () => {
    const folder = await writtenIndex();
    const stale = ['fragment/en_1234567.pf_fragment', 'index/en_89abcde.pf_index', 'filter/en_1111111.pf_filter', 'pagefind.en_2222222222.pf_meta'];
    for (const file of stale) writeFileSync(path.join(folder, file), 'from an older build');
    writeFileSync(path.join(folder, 'notes.txt'), 'not a content-named file');
    const before = filesInside(folder);
    expect(pruneSearchFiles(folder)).toBe(4);
    expect(filesInside(folder)).toEqual(before.filter((f) => !stale.includes(f)));
  }, 60_000);

  it('names the file and what is wrong when an index does not read as Pagefind 1.x writes it, and deletes nothing', async () => {
    const folder = await writtenIndex();
    const entryFile = path.join(folder, 'pagefind-entry.json');
    const entry = JSON.parse(readFileSync(entryFile, 'utf8'));
    const meta = path.join(folder, `pagefind.${entry.languages.en.hash}.pf_meta`);
    writeFileSync(path.join(folder, 'fragment/en_1234567.pf_fragment'), 'stale');
    const count = filesInside(folder).length;
    const cases: [string, () => void, RegExp][] = [
      ['a fragment gone', () => rmSync(path.join(folder, 'fragment', readdirSync(path.join(folder, 'fragment')).find((f) => f !== 'en_1234567.pf_fragment')!)), /names fragment\/en_[0-9a-f]+\.pf_fragment, which is not in/],
      ['a page count that differs', () => writeFileSync(entryFile, JSON.stringify({ ...entry, languages: { en: { ...entry.languages.en, page_count: 4 } } })), /names 3 pages, the entry file counts 4 for "en"/],
      ['an entry without languages', () => writeFileSync(entryFile, JSON.stringify({ version: entry.version })), /pagefind-entry\.json is not laid out as Pagefind 1\.x writes it: languages:/],
      ['metadata without the signature', () => writeFileSync(meta, gzipSync('something else')), /does not start with Pagefind's signature/],
      ['metadata of another shape', () => writeFileSync(meta, gzipSync(Buffer.concat([Buffer.from('pagefind_dcd'), Buffer.from('8165312e362e30', 'hex')]))), /pf_meta is not laid out as Pagefind 1\.x writes it/],
    ];
    for (const [what, damage, message] of cases) {
      const saved = new Map(filesInside(folder).map((f) => [f, readFileSync(path.join(folder, f))]));
      damage();
      expect(() => pruneSearchFiles(folder), what).toThrow(message);
      expect(existsSync(path.join(folder, 'fragment/en_1234567.pf_fragment')), what).toBe(true);
      for (const [f, bytes] of saved) writeFileSync(path.join(folder, f), bytes);
    }
    expect(filesInside(folder)).toHaveLength(count);
    expect(pruneSearchFiles(folder)).toBe(1);
  }, 60_000);
});
