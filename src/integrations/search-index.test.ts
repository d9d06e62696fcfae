import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesInside } from '../lib/files-under.ts';
import { isContentNamedSearchFile, searchIndexFiles } from './search-files.ts';
import { addPage, buildSearchIndex, createPageIndex } from './search-index.ts';

const page = (title: string, words: string, source?: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><nav>Menu</nav>` +
  `<article class="doc" data-pagefind-body${source ? ` data-source="${source}"` : ''}><h1>${title}</h1><p>${words}</p></article></body></html>`;

function site(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-search-index-'));
  const write = (file: string, html: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), html);
  };
  write('runbooks/dns/index.html', page('DNS outage', 'pihole resolver upstream', 'runbooks/dns.md'));
  write('runbooks/disk/index.html', page('Disk full', 'nas volume snapshot prune', 'runbooks/disk.md'));
  write('lab/host/nas/index.html', page('nas', 'host containers pihole'));
  write('index.html', '<!doctype html><html lang="en"><body><h1>Home</h1></body></html>');
  return dir;
}

/**
 * What Pagefind indexed, by file name: one fragment per page (its URL, text, title and filters),
 * named after its content. The word index and the metadata are named after their content too, but
 * they number the pages in the order they were added, which an early index changes.
 */
const written = (dir: string) => readdirSync(path.join(dir, 'pagefind/fragment')).sort();

/** An index holding the pages of `dir` as they are now, as search-early.ts would have made it. */
async function earlyIndex(dir: string, files: string[]) {
  const early = await createPageIndex();
  for (const file of files) await addPage(early, file, await readFile(path.join(dir, file)));
  return early;
}

describe('buildSearchIndex', () => {
  it('indexes the pages with a body, records each one and its document, and hashes every page for the offline list', async () => {
    const dir = site();
    const result = await buildSearchIndex(dir);
    expect(result.pages).toBe(3);
    expect(result.early).toBe(0);
    expect(result.indexed.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'lab/host/nas/index.html', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { file: 'runbooks/disk/index.html', sha256: expect.any(String), source: 'runbooks/disk.md' },
      { file: 'runbooks/dns/index.html', sha256: expect.any(String), source: 'runbooks/dns.md' },
    ]);
    expect([...result.hashes.keys()].sort()).toEqual(['index.html', 'lab/host/nas/index.html', 'runbooks/disk/index.html', 'runbooks/dns/index.html']);
    expect(written(dir)).toHaveLength(3);
  }, 60_000);

  it('keeps the pages indexed early that did not change, and writes the same index as from scratch', async () => {
    const dir = site();
    const early = await earlyIndex(dir, ['runbooks/disk/index.html', 'lab/host/nas/index.html']);
    // Astro then re-renders the edited runbook.
    writeFileSync(path.join(dir, 'runbooks/dns/index.html'), page('DNS outage', 'pihole resolver upstream restart', 'runbooks/dns.md'));
    const result = await buildSearchIndex(dir, { early });
    expect(result).toMatchObject({ pages: 3, early: 2 });
    expect(result.restarted).toBeUndefined();
    const fromScratch = written(dir);
    rmSync(path.join(dir, 'pagefind'), { recursive: true });
    await buildSearchIndex(dir);
    expect(fromScratch).toEqual(written(dir));
  }, 60_000);

  it('starts again when a page indexed early changed or went, and then indexes exactly the finished pages', async () => {
    for (const [what, change] of [
      ['changed', (dir: string) => writeFileSync(path.join(dir, 'runbooks/disk/index.html'), page('Disk full', 'nas volume snapshot prune resize', 'runbooks/disk.md'))],
      ['went', (dir: string) => rmSync(path.join(dir, 'runbooks/disk/index.html'))],
    ] as const) {
      const dir = site();
      const early = await earlyIndex(dir, ['runbooks/disk/index.html', 'lab/host/nas/index.html']);
      change(dir);
      const result = await buildSearchIndex(dir, { early });
      expect(result.restarted, what).toMatch(/runbooks\/disk\/index\.html (changed after it was indexed|is gone)/);
      expect(result.early).toBe(0);
      expect(result.pages).toBe(what === 'went' ? 2 : 3);
      const restarted = written(dir);
      rmSync(path.join(dir, 'pagefind'), { recursive: true });
      await buildSearchIndex(dir);
      expect(restarted, what).toEqual(written(dir));
    }
  }, 60_000);

  it('writes over the last build\'s index and deletes exactly the files the new one does not use', async () => {
    const dir = site();
    const first = await buildSearchIndex(dir);
    expect(first.stale).toBe(0);
    const before = written(dir);
    writeFileSync(path.join(dir, 'runbooks/dns/index.html'), page('DNS outage', 'pihole resolver upstream restart', 'runbooks/dns.md'));
    const second = await buildSearchIndex(dir);
    // The edited page's old fragment at least, and the metadata that named it.
    expect(second.stale).toBeGreaterThanOrEqual(2);
    expect(second.rewritten).toBeUndefined();
    const after = written(dir);
    expect(before.filter((f) => !after.includes(f))).toHaveLength(1);
    // Every content-named file left is one the new index uses, and each one it uses is there.
    const folder = path.join(dir, 'pagefind');
    const used = searchIndexFiles(folder);
    expect(filesInside(folder).filter((f) => isContentNamedSearchFile(`pagefind/${f}`))).toEqual([...used].filter((f) => f !== 'pagefind-entry.json').sort());
    // The same fragments as an index written from nothing.
    rmSync(folder, { recursive: true });
    await buildSearchIndex(dir);
    expect(written(dir)).toEqual(after);
  }, 60_000);

  it('writes the index again into an emptied folder when a kept file it uses is damaged', async () => {
    const dir = site();
    // Pages added in one order (as an early index holds them) give the same metadata file twice.
    const pages = ['lab/host/nas/index.html', 'runbooks/disk/index.html', 'runbooks/dns/index.html'];
    await buildSearchIndex(dir, { early: await earlyIndex(dir, pages) });
    const folder = path.join(dir, 'pagefind');
    const meta = readdirSync(folder).find((f) => f.endsWith('.pf_meta'))!;
    const good = readFileSync(path.join(folder, meta));
    // Pagefind does not write a file whose name is already there: it keeps the damaged one.
    writeFileSync(path.join(folder, meta), good.subarray(0, 20));
    writeFileSync(path.join(folder, 'fragment/en_0000000.pf_fragment'), 'left by an older build');
    const result = await buildSearchIndex(dir, { early: await earlyIndex(dir, pages) });
    expect(result.rewritten).toMatch(/unexpected end of file/);
    expect(readFileSync(path.join(folder, meta))).toEqual(good);
    expect(readdirSync(path.join(folder, 'fragment'))).not.toContain('en_0000000.pf_fragment');
    expect(searchIndexFiles(folder).size).toBeGreaterThan(3);
  }, 60_000);

  it('indexes the words of a definition list apart, as a reader sees them', async () => {
    const dir = site();
    writeFileSync(
      path.join(dir, 'lab/host/nas/index.html'),
      page('nas', '</p><dl><div><dt>OS</dt><dd>Debian GNU/Linux 12</dd></div><div><dt>Kernel</dt><dd>6.1.0-26-amd64</dd></div></dl><p>'),
    );
    await buildSearchIndex(dir);
    const contents = written(dir).map((f) => JSON.parse(gunzipSync(readFileSync(path.join(dir, 'pagefind/fragment', f))).subarray('pagefind_dcd'.length).toString('utf8')).content as string);
    const nas = contents.find((c) => c.startsWith('nas.'));
    expect(nas).toMatch(/\bOS Debian GNU\/Linux 12\b/);
    expect(nas).toMatch(/\bKernel 6\.1\.0-26-amd64\b/);
  }, 60_000);
});
