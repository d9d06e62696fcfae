import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../lib/file-digest.ts';
import { finishedPages, readFinishedPages, statPages, unchangedPages, writeFinishedPages } from './finished-pages.ts';

/** Files written an hour ago, as Astro wrote the pages of the last build. */
function site(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-finished-pages-'));
  const anHourAgo = new Date(Date.now() - 3_600_000);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
    utimesSync(path.join(dir, file), anHourAgo, anHourAgo);
  }
  return dir;
}

const hashesOf = (files: Record<string, string>) =>
  new Map(Object.entries(files).map(([file, text]) => [file, { bytes: Buffer.byteLength(text), sha256: sha256(text) }]));

describe('finished pages', () => {
  it('trusts a page only while its file is the one recorded, and never one left with placeholders', async () => {
    const files = { 'index.html': '<p>home</p>', 'a/index.html': '<p>a</p>', 'b/index.html': '<p>b</p>', 'c/index.html': '<p>c</p>' };
    const dir = site({ ...files, 'pagefind/x.html': 'not a page', 'style.css': 'body{}' });
    const record = path.join(dir, 'record.json');
    const before = statPages(dir);
    expect([...before.keys()]).toEqual(['a/index.html', 'b/index.html', 'c/index.html', 'index.html']);
    writeFinishedPages(record, finishedPages(before, hashesOf(files), [{ file: 'a/index.html', source: 'runbooks/a.md' }], ['c/index.html']));

    // The same bytes written again are a new file as far as the record knows: read again, to be safe.
    writeFileSync(path.join(dir, 'b/index.html'), '<p>b</p>');
    writeFileSync(path.join(dir, 'd.html'), '<p>new</p>');
    const unchanged = unchangedPages(statPages(dir), readFinishedPages(record));
    expect([...unchanged.keys()].sort()).toEqual(['a/index.html', 'index.html']);
    expect(unchanged.get('a/index.html')).toMatchObject({ indexed: true, source: 'runbooks/a.md', bytes: 8, sha256: sha256('<p>a</p>') });
    expect(unchanged.get('index.html')).toMatchObject({ indexed: false, placeholders: false });
  });

  it('does not trust a page changed in the same clock tick as the record, or later', async () => {
    const dir = site({ 'index.html': '<p>home</p>' });
    const record = path.join(dir, 'record.json');
    const now = new Date();
    // Rewritten with the same size right after it was recorded: its size and inode are the same,
    // its time may be too (a coarse clock), but it is no older than the record.
    utimesSync(path.join(dir, 'index.html'), now, now);
    writeFinishedPages(record, finishedPages(statPages(dir), hashesOf({ 'index.html': '<p>home</p>' }), [], []));
    utimesSync(record, now, now);
    expect(unchangedPages(statPages(dir), readFinishedPages(record)).size).toBe(0);
  });

  it('reads a missing or broken record as empty: it is a cache', () => {
    const dir = site({ 'broken.json': '{"format": 1, "pages": {"a": {"stat": 1}}}', 'not-json.json': '{' });
    for (const file of ['missing.json', 'broken.json', 'not-json.json']) expect(readFinishedPages(path.join(dir, file)).pages.size).toBe(0);
  });
});
