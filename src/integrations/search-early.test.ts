import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { close } from 'pagefind';
import { afterAll, describe, expect, it } from 'vitest';
import { UNFINISHED_MARK } from './out-dir.ts';
import { startEarlySearchIndex } from './search-early.ts';
import { buildSearchIndex } from './search-index.ts';
import { SEARCH_MANIFEST, searchManifest, writeSearchManifest } from './search-manifest.ts';

const page = (title: string, source?: string) =>
  `<!doctype html><html lang="en"><body><article class="doc" data-pagefind-body${source ? ` data-source="${source}"` : ''}><h1>${title}</h1><p>${title} words</p></article></body></html>`;

/** A project whose last build finished: content, pages, and the record of their search index. */
async function builtProject() {
  const root = mkdtempSync(path.join(tmpdir(), 'scarbook-search-early-'));
  const options = { root, contentPath: path.join(root, 'content'), outDir: path.join(root, 'dist'), cacheDir: path.join(root, 'cache') };
  const files: Record<string, string> = {
    'content/runbooks/dns.md': '# DNS\n',
    'content/runbooks/disk.md': '# Disk\n',
    'content/lab/sources/docker.json': '{}\n',
    'src/page.ts': 'export {};\n',
    'dist/runbooks/dns/index.html': page('DNS', 'runbooks/dns.md'),
    'dist/runbooks/disk/index.html': page('Disk', 'runbooks/disk.md'),
    'dist/lab/host/nas/index.html': page('nas'),
    'dist/index.html': '<!doctype html><html lang="en"><body>Home</body></html>',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const { indexed, bundles } = await buildSearchIndex(options.outDir);
  mkdirSync(options.cacheDir, { recursive: true });
  writeSearchManifest(path.join(options.cacheDir, SEARCH_MANIFEST), searchManifest(root, options.contentPath, indexed, { documents: bundles.documents.entry, lab: bundles.lab.entry }));
  return options;
}

afterAll(() => close());

describe('startEarlySearchIndex', () => {
  it('indexes the pages whose document and file are unchanged, in the bundle where a document was edited only', async () => {
    const project = await builtProject();
    writeFileSync(path.join(project.contentPath, 'runbooks/dns.md'), '# DNS\n\nEdited.\n');
    const { early, reason } = await startEarlySearchIndex(project);
    expect([...(early?.documents?.added.keys() ?? [])]).toEqual(['runbooks/disk/index.html']);
    // No lab page's document changed: its bundle is expected to be kept whole (search-index.ts).
    expect(early?.lab).toBeUndefined();
    expect(reason).toBe("1 of 3 pages indexed while Astro ran; the lab bundle's 1 expected unchanged");
  }, 60_000);

  it('does not take a page whose file is no longer the bytes the manifest names', async () => {
    const project = await builtProject();
    writeFileSync(path.join(project.contentPath, 'runbooks/dns.md'), '# DNS\n\nEdited.\n');
    // Touched by hand since the last build.
    writeFileSync(path.join(project.outDir, 'runbooks/disk/index.html'), page('Disk, edited by hand', 'runbooks/disk.md'));
    const { early } = await startEarlySearchIndex(project);
    expect(early?.documents?.added.size).toBe(0);
  }, 60_000);

  it('indexes nothing when no document changed, more than documents changed, the last build did not finish, or there is no record', async () => {
    const same = await builtProject();
    expect(await startEarlySearchIndex(same)).toEqual({ reason: "no document changed; the documents bundle's 2 and the lab bundle's 1 expected unchanged" });

    const lab = await builtProject();
    writeFileSync(path.join(lab.contentPath, 'lab/sources/docker.json'), '{"changed": true}\n');
    expect(await startEarlySearchIndex(lab)).toEqual({ reason: 'more than documents changed' });

    const unfinished = await builtProject();
    writeFileSync(path.join(unfinished.cacheDir, UNFINISHED_MARK), 'interrupted\n');
    expect(await startEarlySearchIndex(unfinished)).toEqual({ reason: 'the last build did not finish' });

    const fresh = await builtProject();
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'scarbook-search-early-cache-'));
    cpSync(fresh.cacheDir, elsewhere, { recursive: true, filter: (f) => !f.endsWith(SEARCH_MANIFEST) });
    expect(await startEarlySearchIndex({ ...fresh, cacheDir: elsewhere })).toEqual({ reason: 'no record of the last search index' });
  }, 60_000);
});
