import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The incremental build's keys (page-key.ts) name what pages show by knowing where the site reads
// it. These checks fail when site code starts reading an input somewhere the keys do not cover;
// the fix is to cover it in page-key.ts (and a case in tests/build/incremental.test.ts), then
// add the file here.

const SRC = path.resolve(import.meta.dirname, '..');
const siteFiles = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => /\.(ts|astro)$/.test(f) && !/\.test\.ts$/.test(f))
  // Code that runs in the browser, in Chromium, or in scripts, not in the pages' build.
  .filter((f) => !/^(scripts|mermaid)\//.test(f) && !f.includes(`${path.sep}testing${path.sep}`))
  .map((f) => ({ file: f.split(path.sep).join('/'), text: readFileSync(path.join(SRC, f), 'utf8') }));

const where = (pattern: RegExp) => siteFiles.filter((f) => pattern.test(f.text)).map((f) => f.file).sort();

describe('inputs of the incremental build keys', () => {
  it('reads document bodies only where page-key.ts digests what is derived from them', () => {
    // Titles (content.ts), decision records (content.ts), drills named in sections (site-data.ts).
    // read-inputs.ts serves scripts, which are not pages; outlined-bodies.ts cuts what the data
    // store keeps of runbook bodies down to what those read (body-outline.ts).
    expect(where(/(?<!document)\.body\b/)).toEqual(['lib/architecture/read-inputs.ts', 'lib/content.ts', 'lib/drills/site-data.ts', 'loaders/outlined-bodies.ts']);
  });

  it('renders a document only on its own page', () => {
    expect(where(/import \{[^}]*\brender\b[^}]*\} from 'astro:content'/)).toEqual([
      'pages/decisions/[...slug].astro', 'pages/drills/[...slug].astro', 'pages/incidents/[...slug].astro', 'pages/runbooks/[...slug].astro',
    ]);
  });

  it('reads Git dates only for a page\'s own file, or on the page keyed by all of them', () => {
    // PageMeta gets the page's own file from DocArticle; the home page lists the recently changed.
    expect(where(/\blastChange\(/)).toEqual(['components/PageMeta.astro', 'lib/git-history.ts', 'lib/page-key.ts', 'pages/[...index].astro']);
    expect(siteFiles.find((f) => f.file === 'pages/[...index].astro')!.text).toContain('cacheKey: await recentChangesPageKey()');
  });

  it('keys every route but the 404 page', () => {
    // A route without getStaticPaths() cannot carry a key: Astro renders it on every build.
    const routes = siteFiles.filter((f) => f.file.startsWith('pages/') && !/\/_[^/]*$/.test(f.file));
    expect(routes.filter((f) => !/\bcacheKey\b/.test(f.text)).map((f) => f.file)).toEqual(['pages/404.astro']);
  });

  it('reads the lab\'s Git history only on pages keyed by its commits', () => {
    expect(where(/\b(labHistory|coverageHistory)\(/)).toEqual([
      'lib/architecture/coverage-history.ts', 'lib/lab/history.ts', 'pages/architecture/[findings].astro', 'pages/lab/[changes].astro',
    ]);
    for (const page of ['pages/architecture/[findings].astro', 'pages/lab/[changes].astro']) {
      expect(siteFiles.find((f) => f.file === page)!.text).toContain('cacheKey: await labHistoryPageKey()');
    }
  });

  it('reads the time only from the build clock', () => {
    // format.ts: a default for scripts; read-inputs.ts: scripts. Pages pass BUILD_NOW.
    expect(where(/new Date\(\)|Date\.now\(\)/)).toEqual(['lib/architecture/read-inputs.ts', 'lib/build-clock.ts', 'lib/format.ts']);
    const oneArgument = siteFiles.flatMap((f) => [...f.text.matchAll(/ageInDays\(([^()]|\([^()]*\))*\)/g)].filter((m) => !m[0].includes(',')).map((m) => `${f.file}: ${m[0]}`));
    expect(oneArgument).toEqual([]);
  });
});
