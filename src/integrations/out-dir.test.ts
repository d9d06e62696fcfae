import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../lib/files-under.ts';
import { finishedBuild, pruneOldPages, startBuild, UNFINISHED_MARK } from './out-dir.ts';

function site(files: string[]): { out: string; cache: string; pub: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'scarbook-out-dir-'));
  const out = path.join(root, 'dist');
  for (const f of files) {
    mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
    writeFileSync(path.join(out, f), f);
  }
  return { out, cache: path.join(root, 'cache'), pub: path.join(root, 'public') };
}
const list = (dir: string) => filesUnder(dir).map((f) => path.relative(dir, f));

describe('the output folder between builds', () => {
  const last = ['index.html', 'runbooks/dns/index.html', '_astro/app.1234.css', 'pagefind/pagefind.js', 'pagefind/fragment/en_1.pf_fragment', 'sw.js'];

  it('keeps the pages of a finished build and its search bundles whole, and drops everything else', () => {
    const bundles = ['pagefind/pagefind.en_0a1b2c3d4e.pf_meta', 'pagefind/index/en_1234567.pf_index', 'pagefind/pagefind-entry.json', 'pagefind-lab/pagefind-entry.json', 'pagefind-lab/fragment/en_2.pf_fragment'];
    const { out, cache } = site([...last, ...bundles, 'pagefindish/x.js']);
    expect(startBuild(out, cache)).toBe('kept the pages of the last build');
    expect(list(out)).toEqual([
      'index.html',
      'pagefind-lab/fragment/en_2.pf_fragment',
      'pagefind-lab/pagefind-entry.json',
      'pagefind/fragment/en_1.pf_fragment',
      'pagefind/index/en_1234567.pf_index',
      'pagefind/pagefind-entry.json',
      'pagefind/pagefind.en_0a1b2c3d4e.pf_meta',
      'pagefind/pagefind.js',
      'runbooks/dns/index.html',
    ]);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'pagefind', 'pagefind-lab', 'runbooks']);
    expect(existsSync(path.join(cache, UNFINISHED_MARK))).toBe(true);
  });

  it('empties the folder when the last build did not finish: a page may be half-written', () => {
    const { out, cache } = site(last);
    startBuild(out, cache);
    // No finishedBuild: the build was interrupted.
    expect(startBuild(out, cache)).toBe('emptied');
    expect(list(out)).toEqual([]);
  });

  it('leaves a Git checkout in the folder alone (a gh-pages worktree), as Astro does', () => {
    for (const finished of [true, false]) {
      const { out, cache } = site([...last, '.git/HEAD', '.git/refs/heads/gh-pages', '.git/hooks/x.html']);
      if (!finished) startBuild(out, cache);
      startBuild(out, cache);
      expect(list(out).filter((f) => f.startsWith('.git'))).toEqual(['.git/HEAD', '.git/hooks/x.html', '.git/refs/heads/gh-pages']);
      expect(pruneOldPages(out, new Set(), path.join(out, '..', 'public'))).not.toContain('.git/hooks/x.html');
    }
  });

  it('keeps pages again once the build that marked the folder has finished', () => {
    const { out, cache } = site(last);
    startBuild(out, cache);
    finishedBuild(path.join(cache, UNFINISHED_MARK));
    expect(startBuild(out, cache)).toBe('kept the pages of the last build');
  });

  it('deletes, after a build, the pages it did not write, but not public files', () => {
    const { out, pub } = site(['index.html', 'runbooks/gone/index.html', 'runbooks/kept/index.html', 'google1234.html', 'favicon.svg']);
    mkdirSync(pub, { recursive: true });
    writeFileSync(path.join(pub, 'google1234.html'), 'verification');
    const written = new Set(['index.html', 'runbooks/kept/index.html'].map((f) => path.join(out, f)));
    expect(pruneOldPages(out, written, pub)).toEqual(['runbooks/gone/index.html']);
    expect(list(out)).toEqual(['favicon.svg', 'google1234.html', 'index.html', 'runbooks/kept/index.html']);
    expect(existsSync(path.join(out, 'runbooks/gone'))).toBe(false);
  });
});
