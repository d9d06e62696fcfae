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
  const { indexed } = await buildSearchIndex(options.outDir);
  mkdirSync(options.cacheDir, { recursive: true });
  writeSearchManifest(path.join(options.cacheDir, SEARCH_MANIFEST), searchManifest(root, options.contentPath, indexed));
  return options;
}

afterAll(() => close());

describe('startEarlySearchIndex', () => {
  it('indexes the pages whose document and file are unchanged, and none whose document was edited', async () => {
    const project = await builtProject();
    writeFileSync(path.join(project.contentPath, 'runbooks/dns.md'), '# DNS\n\nEdited.\n');
    // A page file that is no longer what the manifest names (here: touched by hand) is not taken either.
    writeFileSync(path.join(project.outDir, 'lab/host/nas/index.html'), page('nas, edited by hand'));
    const { early, reason } = await startEarlySearchIndex(project);
    expect([...(early?.added.keys() ?? [])]).toEqual(['runbooks/disk/index.html']);
    expect(reason).toBe('1 of 3 pages indexed while Astro ran');
  }, 60_000);

  it('indexes nothing when more than documents changed, the last build did not finish, or there is no record', async () => {
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
