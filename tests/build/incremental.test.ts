import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINISHED_PAGES, readFinishedPages } from '../../src/integrations/finished-pages.ts';
import { inSearchFolder, SEARCH_BUNDLES, SEARCH_FOLDERS } from '../../src/integrations/search-bundles.ts';
import { isContentNamedSearchFile, searchIndexFiles } from '../../src/integrations/search-files.ts';
import { sha256 } from '../../src/lib/file-digest.ts';
import { filesInside, filesUnder } from '../../src/lib/files-under.ts';
import { runCommand } from '../../src/lib/run-command.ts';
import { buildFolder, buildSite, ROOT } from '../helpers/build-site.ts';

// Astro's incremental build copies a page from the last build when its key (src/lib/page-key.ts)
// is unchanged. A key that misses an input serves a page that lies, so after each kind of edit
// an author or the lab makes, the incremental build must equal a cold build, file for file.
// Diagrams are left to the browser (SCARBOOK_CHROMIUM=none): this is about pages, not Mermaid.

const git = (cwd: string, ...args: string[]) => runCommand('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], { cwd });

/**
 * Every file of a built site but the search index's word lists and metadata, and the offline list
 * that names them: Pagefind numbers pages in the order they were added (several in flight, some
 * while Astro runs: src/integrations/search-early.ts), so those differ between any two builds.
 * Its fragments, one per page with what it indexed of it, must not.
 */
function files(dir: string): string[] {
  return filesUnder(dir).map((f) => path.relative(dir, f)).filter((f) => (!inSearchFolder(f) || /^pagefind(-lab)?\/fragment\//.test(f)) && f !== 'sw.js');
}

/** Files that differ between two built sites (missing on either side included). */
function differences(a: string, b: string): string[] {
  const left = files(a);
  const right = new Set(files(b));
  const out = left.filter((f) => !right.has(f)).map((f) => `only in the incremental build: ${f}`);
  for (const f of right) if (!left.includes(f)) out.push(`only in the cold build: ${f}`);
  for (const f of left) if (right.has(f) && !readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f)))) out.push(`differs: ${f}`);
  return out;
}

/**
 * Pages Astro rendered in a build (the rest it copied from the last build), from its log. Astro
 * prints a page's path, then "(restored)" or its render time; a warning can land in between, so
 * each path owns the text up to the next one.
 */
function rendered(log: string): string[] {
  // Without the colours Astro prints when CI is set.
  const parts = log.replace(/\x1b\[[0-9;]*m/g, '').split(/[├└]─ (?=\/)/).slice(1);
  return parts.filter((part) => !/\((restored|cached)\)/.test(part)).map((part) => /^\S*?\.html/.exec(part)?.[0] ?? part.split(/\s/)[0]!).sort();
}

/**
 * The record of finished pages the next build trusts instead of reading them (finished-pages.ts)
 * must say what is on disk: every page, its size and hash.
 */
function checkFinishedPages(warm: string): void {
  const dist = path.join(warm, 'dist');
  const recorded = readFinishedPages(path.join(warm, 'cache', FINISHED_PAGES)).pages;
  const pages = files(dist).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/')).sort();
  expect([...recorded.keys()].sort()).toEqual(pages);
  for (const file of pages) {
    const bytes = readFileSync(path.join(dist, file));
    expect(recorded.get(file), file).toMatchObject({ bytes: bytes.length, sha256: sha256(bytes) });
  }
}

/**
 * A rebuild writes each search bundle over the last one's files, or keeps it (search-files.ts,
 * search-bundles.ts): every file its index names must be there, and no content-named file it does
 * not name may stay; the lab's bundle holds nothing else.
 */
function checkSearchFiles(dist: string): void {
  for (const bundle of SEARCH_BUNDLES) {
    const folder = path.join(dist, SEARCH_FOLDERS[bundle]);
    const used = searchIndexFiles(folder);
    const unused = filesInside(folder).filter((f) => !used.has(f));
    expect(bundle === 'lab' ? unused : unused.filter((f) => isContentNamedSearchFile(`${SEARCH_FOLDERS[bundle]}/${f}`)), bundle).toEqual([]);
  }
}

const RUNBOOK = 'runbooks/dns/dns-outage.md';
/** What `npm run build` said of the documents it indexed while Astro ran. */
const indexedEarly = (log: string) => /search index: \d+ pages \(documents \d+, (\d+) of them indexed while Astro ran/.exec(log)?.[1];
/** Whether `npm run build` kept a search bundle as the last build wrote it (search-bundles.ts). */
const kept = (log: string, bundle: string) => new RegExp(`search index: .*\\b${bundle} \\d+, kept as the last build wrote it`).test(log);

const edits: {
  what: string;
  commit: boolean;
  apply: (content: string) => void | Promise<void>;
  check?: (pages: string[], keyless: string[]) => void;
  /** Only the edited runbook's page changes among the indexed ones: all others are indexed while Astro runs. */
  searchEarly?: boolean;
  /** Set for the rebuild after this edit. */
  env?: Record<string, string>;
  checkLog?: (log: string) => void;
}[] = [
  {
    what: 'a paragraph added to one runbook, committed',
    commit: true,
    apply: (c) => appendFileSync(path.join(c, RUNBOOK), '\nIf the container is gone, recreate it from the compose file.\n'),
    check: (pages, keyless) => expect(pages).toEqual([...keyless, '/index.html', '/runbooks/dns/dns-outage/index.html'].sort()),
    searchEarly: true,
  },
  {
    what: 'the same runbook edited but not committed (its date becomes the file\'s)',
    commit: false,
    apply: (c) => appendFileSync(path.join(c, RUNBOOK), '\nCheck the upstream resolver too.\n'),
    check: (pages, keyless) => expect(pages).toEqual([...keyless, '/index.html', '/runbooks/dns/dns-outage/index.html'].sort()),
    searchEarly: true,
  },
  {
    what: 'a runbook edited, with too little memory for an early index (it is dropped; the build is still right)',
    commit: true,
    apply: (c) => appendFileSync(path.join(c, RUNBOOK), '\nWatch the resolver\'s memory too.\n'),
    env: { SCARBOOK_EARLY_INDEX_MEMORY_MIB: '1' },
    checkLog: (log) => {
      expect(log).toMatch(/nothing indexed while Astro ran \(dropped when Astro and Pagefind together held [\d.]+ [GM]iB, over the 1 MiB the build may use/);
      expect(indexedEarly(log)).toBeUndefined();
    },
  },
  {
    what: 'a runbook\'s title changed (other pages list it)',
    commit: true,
    apply: (c) => {
      const file = path.join(c, RUNBOOK);
      writeFileSync(file, readFileSync(file, 'utf8').replace('title: DNS outage — Pi-hole down', 'title: DNS outage — the Pi-hole is down'));
    },
    // Every page lists or links runbooks by title somewhere: all are rendered again.
    check: (pages) => expect(pages).toContain('/runbooks/storage/nas-disk-full/index.html'),
  },
  {
    what: 'a container stopped in a lab snapshot',
    commit: true,
    apply: (c) => {
      const file = path.join(c, 'lab/sources/docker-nas.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"status": "running"', '"status": "exited"'));
    },
    check: (pages) => expect(pages.some((p) => p.startsWith('/lab/host/'))).toBe(true),
  },
  {
    what: 'a lab change committed, then undone (the same files, a longer history)',
    commit: true,
    apply: async (c) => {
      const file = path.join(c, 'lab/sources/docker-nas.json');
      const before = readFileSync(file, 'utf8');
      writeFileSync(file, before.replace('"status": "running"', '"status": "restarting"'));
      await git(c, 'commit', '-qam', 'a container restarting');
      writeFileSync(file, before);
    },
    // Only the pages drawn from the lab's Git history, besides the 404 page.
    check: (pages, keyless) => expect(pages).toEqual([...keyless, '/architecture/findings/index.html', '/lab/changes/index.html'].sort()),
    // Neither is in the search index: both bundles are kept as they were.
    checkLog: (log) => expect([kept(log, 'documents'), kept(log, 'lab')], log).toEqual([true, true]),
  },
  {
    what: 'a drill journal removed',
    commit: true,
    apply: (c) => rmSync(path.join(c, 'lab/drills/kill-pihole'), { recursive: true }),
  },
  {
    what: 'a runbook deleted (its page must go)',
    commit: true,
    apply: (c) => rmSync(path.join(c, 'runbooks/storage/nas-disk-full.md')),
  },
];

describe('incremental build', () => {
  it('equals a cold build after each kind of edit, and re-renders only what the edit touches', async () => {
    const content = mkdtempSync(path.join(tmpdir(), 'scarbook-incremental-'));
    cpSync(path.join(ROOT, 'content'), content, { recursive: true });
    await git(content, 'init', '-q');
    await git(content, 'add', '-A');
    await git(content, 'commit', '-qm', 'example lab');
    const env = { SCARBOOK_CHROMIUM: 'none' };
    const warm = buildFolder('incremental');
    const first = await buildSite(content, { env, into: warm });
    expect(rendered(first.log).length).toBeGreaterThan(50);
    // Astro's content data is read from its file, not carried through Vite (data-store-file.ts).
    expect(first.log).toContain('content data store: read from data-store.json while the pages render');
    // Of a runbook's Markdown, the store keeps the headings and drill claims only (body-outline.ts).
    const store = readFileSync(path.join(warm, 'cache/data-store.json'), 'utf8');
    expect(store).toContain('# DNS outage — Pi-hole down');
    expect(store).not.toContain('| Pi-hole (macvlan) |');
    // Built again unchanged: only the 404 page renders, the one route without a key.
    const keyless = rendered((await buildSite(content, { env, into: warm })).log);
    expect(keyless).toEqual(['/404.html']);

    for (const edit of edits) {
      await edit.apply(content);
      if (edit.commit) {
        await git(content, 'add', '-A');
        await git(content, 'commit', '-qm', edit.what);
      }
      const incremental = await buildSite(content, { env: { ...env, ...edit.env }, into: warm });
      edit.checkLog?.(incremental.log);
      const cold = await buildSite(content, { env, name: 'incremental-cold' });
      expect(differences(incremental.dist, cold.dist), `after ${edit.what}`).toEqual([]);
      edit.check?.(rendered(incremental.log), keyless);
      checkFinishedPages(warm);
      checkSearchFiles(incremental.dist);
      if (edit.searchEarly) {
        expect(Number(indexedEarly(incremental.log)), `after ${edit.what}: ${incremental.log}`).toBeGreaterThan(10);
        // The pages Astro kept are not read again after it (finished-pages.ts).
        expect(Number(/(\d+) of \d+ pages unchanged since the last build/.exec(incremental.log)?.[1]), incremental.log).toBeGreaterThan(10);
        // The last index's files were kept, and those it no longer uses deleted (search-files.ts).
        expect(incremental.log).toMatch(/; \d+ files of the last index removed/);
        // No lab page changed: the lab's bundle is kept as it was (search-bundles.ts).
        expect(kept(incremental.log, 'lab'), incremental.log).toBe(true);
      }
    }

    // A build that stopped half-way (here: killed while Astro wrote a page) leaves its mark, and
    // the next build starts from an empty folder instead of keeping a half-written page.
    const page = path.join(warm, 'dist/runbooks/dns/dns-outage/index.html');
    writeFileSync(page, readFileSync(page, 'utf8').slice(0, 500));
    writeFileSync(path.join(warm, 'cache/scarbook-build-unfinished'), 'interrupted\n');
    const afterCrash = await buildSite(content, { env, into: warm });
    expect(afterCrash.log).toContain('output folder: emptied');
    expect(differences(afterCrash.dist, (await buildSite(content, { env, name: 'incremental-cold' })).dist)).toEqual([]);
  }, 1_800_000);
});
