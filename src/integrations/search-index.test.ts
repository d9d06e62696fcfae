import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../lib/file-digest.ts';
import { filesInside } from '../lib/files-under.ts';
import { hasSearchEngine, isContentNamedSearchFile, searchIndexFiles } from './search-files.ts';
import { SEARCH_FOLDERS } from './search-bundles.ts';
import { addPage, buildSearchIndex, createPageIndex, type SearchIndexResult } from './search-index.ts';
import type { SearchManifest } from './search-manifest.ts';

const page = (title: string, words: string, source?: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><nav>Menu</nav>` +
  `<article class="doc" data-pagefind-body${source ? ` data-source="${source}"` : ''}><h1>${title}</h1><p>${words}</p></article></body></html>`;

/** Writes a page of a built site (path inside it, with `/`). */
function writePage(dir: string, file: string, html: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), html);
}

function site(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-search-index-'));
  const write = (file: string, html: string) => writePage(dir, file, html);
  write('runbooks/dns/index.html', page('DNS outage', 'pihole resolver upstream', 'runbooks/dns.md'));
  write('runbooks/disk/index.html', page('Disk full', 'nas volume snapshot prune', 'runbooks/disk.md'));
  write('lab/host/nas/index.html', page('nas', 'host containers pihole'));
  write('index.html', '<!doctype html><html lang="en"><body><h1>Home</h1></body></html>');
  return dir;
}

/**
 * What Pagefind indexed, by bundle and file name: one fragment per page (its URL, text, title and
 * filters), named after its content. The word index and the metadata are named after their content
 * too, but they number the pages in the order they were added, which an early index changes.
 */
const written = (dir: string) => Object.values(SEARCH_FOLDERS).flatMap((folder) => readdirSync(path.join(dir, folder, 'fragment')).map((f) => `${folder}/fragment/${f}`)).sort();

/** What an index written from nothing holds: `dir`'s bundles deleted, then its pages indexed again. */
async function writtenFromNothing(dir: string): Promise<string[]> {
  for (const folder of Object.values(SEARCH_FOLDERS)) rmSync(path.join(dir, folder), { recursive: true, force: true });
  await buildSearchIndex(dir);
  return written(dir);
}

/** The record the build keeps of an index (search-manifest.ts), for the next one. */
const record = (result: SearchIndexResult): SearchManifest => ({
  format: 2,
  inputs: 'a'.repeat(64),
  bundles: { documents: result.bundles.documents.entry, lab: result.bundles.lab.entry },
  pages: result.indexed,
});

/** An index holding the pages of `dir` as they are now, as search-early.ts would have made it. */
async function earlyIndex(dir: string, files: string[]) {
  const early = await createPageIndex();
  for (const file of files) await addPage(early, file, await readFile(path.join(dir, file)));
  return early;
}

describe('buildSearchIndex', () => {
  it('indexes the pages with a body in their bundle, records each one and its document, and hashes every page for the offline list', async () => {
    const dir = site();
    const result = await buildSearchIndex(dir);
    expect(result.pages).toBe(3);
    expect(result.bundles.documents).toMatchObject({ pages: 2, kept: false, early: 0, stale: 0 });
    // Pagefind's scripts, removed from the lab's bundle, are not files of a last index.
    expect(result.bundles.lab).toMatchObject({ pages: 1, kept: false, early: 0, stale: 0 });
    expect(result.indexed.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'lab/host/nas/index.html', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { file: 'runbooks/disk/index.html', sha256: expect.any(String), source: 'runbooks/disk.md' },
      { file: 'runbooks/dns/index.html', sha256: expect.any(String), source: 'runbooks/dns.md' },
    ]);
    expect([...result.hashes.keys()].sort()).toEqual(['index.html', 'lab/host/nas/index.html', 'runbooks/disk/index.html', 'runbooks/dns/index.html']);
    expect(written(dir).map((f) => f.split('/')[0])).toEqual(['pagefind-lab', 'pagefind', 'pagefind']);
    // The lab's bundle is its index alone: the browser loads Pagefind's scripts from the primary one.
    expect(existsSync(path.join(dir, 'pagefind/pagefind.js'))).toBe(true);
    expect(readdirSync(path.join(dir, 'pagefind-lab')).filter((f) => !/^(fragment|index|filter)$/.test(f)).sort()).toEqual(['pagefind-entry.json', expect.stringMatching(/^pagefind\.en_\w+\.pf_meta$/)]);
  }, 60_000);

  it('gives Pagefind the pages sorted by path: the same pages write the same index files, whatever order they come in', async () => {
    // Pagefind numbers pages as they reach it, and its word index holds the numbers.
    const copies = [0, 1].map(() => {
      const dir = site();
      for (let n = 0; n < 12; n += 1) {
        writePage(dir, `runbooks/step-${String(n).padStart(2, '0')}/index.html`, page(`Step ${n}`, `restart service${n} then check volume${n % 3} and pihole`, `runbooks/step-${n}.md`));
      }
      return dir;
    });
    const pages = filesInside(copies[0]!).filter((file) => file.endsWith('.html'));
    await buildSearchIndex(copies[0]!, { pages });
    await buildSearchIndex(copies[1]!, { pages: [...pages].reverse() });
    const index = (dir: string) => filesInside(dir).filter((file) => /^pagefind/.test(file)).map((file) => `${file} ${sha256(readFileSync(path.join(dir, file)))}`);
    expect(index(copies[1]!)).toEqual(index(copies[0]!));
    expect(index(copies[0]!).filter((file) => file.startsWith('pagefind/index/')).length).toBeGreaterThan(0);
  }, 60_000);

  it('keeps the pages indexed early that did not change, and writes the same index as from scratch', async () => {
    const dir = site();
    const early = { documents: await earlyIndex(dir, ['runbooks/disk/index.html']), lab: await earlyIndex(dir, ['lab/host/nas/index.html']) };
    // Astro then re-renders the edited runbook.
    writeFileSync(path.join(dir, 'runbooks/dns/index.html'), page('DNS outage', 'pihole resolver upstream restart', 'runbooks/dns.md'));
    const result = await buildSearchIndex(dir, { early });
    expect(result.pages).toBe(3);
    expect(result.bundles.documents).toMatchObject({ pages: 2, early: 1 });
    expect(result.bundles.lab).toMatchObject({ pages: 1, early: 1 });
    expect(result.bundles.documents.restarted).toBeUndefined();
    const fromScratch = written(dir);
    expect(fromScratch).toEqual(await writtenFromNothing(dir));
  }, 60_000);

  it('starts again when a page indexed early changed or went, and then indexes exactly the finished pages', async () => {
    for (const [what, change] of [
      ['changed', (dir: string) => writeFileSync(path.join(dir, 'runbooks/disk/index.html'), page('Disk full', 'nas volume snapshot prune resize', 'runbooks/disk.md'))],
      ['went', (dir: string) => rmSync(path.join(dir, 'runbooks/disk/index.html'))],
    ] as const) {
      const dir = site();
      const early = { documents: await earlyIndex(dir, ['runbooks/disk/index.html']), lab: await earlyIndex(dir, ['lab/host/nas/index.html']) };
      change(dir);
      const result = await buildSearchIndex(dir, { early });
      expect(result.bundles.documents.restarted, what).toMatch(/runbooks\/disk\/index\.html (changed after it was indexed|is gone)/);
      expect(result.bundles.documents.early).toBe(0);
      // The other bundle keeps its early pages.
      expect(result.bundles.lab).toMatchObject({ early: 1, pages: 1 });
      expect(result.pages).toBe(what === 'went' ? 2 : 3);
      const restarted = written(dir);
      expect(restarted, what).toEqual(await writtenFromNothing(dir));
    }
  }, 60_000);

  it('writes over the last build\'s index and deletes exactly the files the new one does not use', async () => {
    const dir = site();
    const first = await buildSearchIndex(dir);
    expect(first.bundles.documents.stale).toBe(0);
    const before = written(dir);
    writeFileSync(path.join(dir, 'runbooks/dns/index.html'), page('DNS outage', 'pihole resolver upstream restart', 'runbooks/dns.md'));
    const second = await buildSearchIndex(dir);
    // The edited page's old fragment at least, and the metadata that named it.
    expect(second.bundles.documents.stale).toBeGreaterThanOrEqual(2);
    expect(second.bundles.documents.rewritten).toBeUndefined();
    const after = written(dir);
    expect(before.filter((f) => !after.includes(f))).toHaveLength(1);
    // Every content-named file left is one the new index uses, and each one it uses is there.
    const folder = path.join(dir, 'pagefind');
    const used = searchIndexFiles(folder);
    expect(filesInside(folder).filter((f) => isContentNamedSearchFile(`pagefind/${f}`))).toEqual([...used].filter((f) => f !== 'pagefind-entry.json').sort());
    // The same fragments as an index written from nothing.
    expect(await writtenFromNothing(dir)).toEqual(after);
  }, 60_000);

  it('writes the index again into an emptied folder when a kept file it uses is damaged', async () => {
    const dir = site();
    // Pages added in one order (as an early index holds them) give the same metadata file twice.
    const pages = ['runbooks/disk/index.html', 'runbooks/dns/index.html'];
    await buildSearchIndex(dir, { early: { documents: await earlyIndex(dir, pages) } });
    const folder = path.join(dir, 'pagefind');
    const meta = readdirSync(folder).find((f) => f.endsWith('.pf_meta'))!;
    const good = readFileSync(path.join(folder, meta));
    // Pagefind does not write a file whose name is already there: it keeps the damaged one.
    writeFileSync(path.join(folder, meta), good.subarray(0, 20));
    writeFileSync(path.join(folder, 'fragment/en_0000000.pf_fragment'), 'left by an older build');
    const result = await buildSearchIndex(dir, { early: { documents: await earlyIndex(dir, pages) } });
    expect(result.bundles.documents.rewritten).toMatch(/unexpected end of file/);
    expect(readFileSync(path.join(folder, meta))).toEqual(good);
    expect(readdirSync(path.join(folder, 'fragment'))).not.toContain('en_0000000.pf_fragment');
    expect(searchIndexFiles(folder).size).toBeGreaterThan(3);
  }, 60_000);

  it('keeps a bundle whose pages are all as the last build indexed them, unwritten, and writes the other', async () => {
    const dir = site();
    const first = await buildSearchIndex(dir);
    const labEntry = path.join(dir, 'pagefind-lab/pagefind-entry.json');
    const labWritten = statSync(labEntry).mtimeMs;
    writeFileSync(path.join(dir, 'runbooks/dns/index.html'), page('DNS outage', 'pihole resolver upstream restart', 'runbooks/dns.md'));
    const second = await buildSearchIndex(dir, { last: record(first) });
    expect(second.bundles.lab).toMatchObject({ kept: true, pages: 1, entry: first.bundles.lab.entry });
    expect(second.bundles.documents).toMatchObject({ kept: false, pages: 2 });
    expect(second.bundles.documents.entry).not.toBe(first.bundles.documents.entry);
    expect(statSync(labEntry).mtimeMs).toBe(labWritten);
    // Both bundles hold what an index from nothing holds.
    const kept = written(dir);
    expect(await writtenFromNothing(dir)).toEqual(kept);
  }, 60_000);

  it('writes a bundle again when its files are not those recorded, or another Pagefind wrote it', async () => {
    const dir = site();
    const first = await buildSearchIndex(dir);
    const fragment = readdirSync(path.join(dir, 'pagefind-lab/fragment'))[0]!;
    rmSync(path.join(dir, 'pagefind-lab/fragment', fragment));
    writeFileSync(path.join(dir, 'runbooks/dns/index.html'), page('DNS outage', 'pihole resolver upstream restart', 'runbooks/dns.md'));
    const second = await buildSearchIndex(dir, { last: record(first) });
    expect(second.bundles.lab.kept).toBe(false);
    expect(readdirSync(path.join(dir, 'pagefind-lab/fragment'))).toEqual([fragment]);

    // A bundle as recorded, but by another version of Pagefind than the one writing the other: its
    // entry file and metadata say 0.9.0 (a string of the same length in the metadata's CBOR).
    const folder = path.join(dir, 'pagefind-lab');
    const entry = path.join(folder, 'pagefind-entry.json');
    const version = (JSON.parse(readFileSync(entry, 'utf8')) as { version: string }).version;
    expect(version).toMatch(/^\d\.\d\.\d$/);
    writeFileSync(entry, readFileSync(entry, 'utf8').replace(`"version":"${version}"`, '"version":"0.9.0"'));
    const meta = path.join(folder, readdirSync(folder).find((f) => f.endsWith('.pf_meta'))!);
    writeFileSync(meta, gzipSync(Buffer.from(gunzipSync(readFileSync(meta)).toString('latin1').replace(version, '0.9.0'), 'latin1')));
    expect(searchIndexFiles(folder).size).toBeGreaterThan(1);
    const older = { ...record(second), bundles: { ...record(second).bundles, lab: sha256(readFileSync(entry)) } };
    writeFileSync(path.join(dir, 'runbooks/dns/index.html'), page('DNS outage', 'pihole resolver upstream', 'runbooks/dns.md'));
    const third = await buildSearchIndex(dir, { last: older });
    expect(third.bundles.lab).toMatchObject({ kept: false, restarted: expect.stringMatching(/written by Pagefind 0\.9\.0, the other by \d/) });
    expect(readFileSync(entry, 'utf8')).not.toContain('0.9.0');
  }, 60_000);

  it('with no document, has the lab\'s bundle keep Pagefind\'s script and wasm to lead the search, one kept from a build with documents too', async () => {
    const dir = site();
    const first = await buildSearchIndex(dir);
    expect(hasSearchEngine(path.join(dir, 'pagefind-lab'))).toBe(false);
    // Every document goes; the lab's page stays as the last build indexed it.
    for (const runbook of ['runbooks/dns', 'runbooks/disk']) rmSync(path.join(dir, runbook), { recursive: true });
    const second = await buildSearchIndex(dir, { last: record(first) });
    expect(second.bundles.documents.pages).toBe(0);
    expect(second.bundles.lab).toMatchObject({ kept: false, pages: 1, restarted: 'it leads the search now that the documents bundle has no pages' });
    expect(hasSearchEngine(path.join(dir, 'pagefind-lab'))).toBe(true);
    expect(readdirSync(path.join(dir, 'pagefind-lab'))).toEqual(expect.arrayContaining(['pagefind.js', 'pagefind-worker.js', 'wasm.en.pagefind']));
    // Pagefind's UI is still loaded from the primary bundle alone.
    expect(readdirSync(path.join(dir, 'pagefind-lab')).filter((f) => f.includes('-ui'))).toEqual([]);
    // Built again unchanged, it is kept as it is now.
    const third = await buildSearchIndex(dir, { last: record(second) });
    expect(third.bundles.lab).toMatchObject({ kept: true, pages: 1 });
  }, 60_000);

  it('indexes the words of a definition list apart, as a reader sees them', async () => {
    const dir = site();
    writeFileSync(
      path.join(dir, 'lab/host/nas/index.html'),
      page('nas', '</p><dl><div><dt>OS</dt><dd>Debian GNU/Linux 12</dd></div><div><dt>Kernel</dt><dd>6.1.0-26-amd64</dd></div></dl><p>'),
    );
    await buildSearchIndex(dir);
    const contents = written(dir).map((f) => JSON.parse(gunzipSync(readFileSync(path.join(dir, f))).subarray('pagefind_dcd'.length).toString('utf8')).content as string);
    const nas = contents.find((c) => c.startsWith('nas.'));
    expect(nas).toMatch(/\bOS Debian GNU\/Linux 12\b/);
    expect(nas).toMatch(/\bKernel 6\.1\.0-26-amd64\b/);
  }, 60_000);
});
