import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { tempDir } from '../../scripts/lab/testing/server-process.ts';
import { entryId } from '../../src/lib/entry-id.ts';
import { chromiumOrSkip } from '../helpers/browser.ts';
import { ROOT } from '../helpers/build-site.ts';

/*
 * `npm run export:book` on the example lab's real build. One production runbook is turned into a
 * sandbox one in a copy of the content, so the book must leave out a page the site has.
 */

const SANDBOXED = 'storage/nas-disk-full.md';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.mdx?$/.test(f) && !f.endsWith('_index.md')).sort();
}

const frontMatterMode = (text: string) => /^---\r?\n[\s\S]*?^mode:\s*["']?(\w+)/m.exec(text.split(/\r?\n---/)[0] + '\n')?.[1];

/** `<h1>` of a built page, as text. */
function builtTitle(dist: string, id: string): string {
  const html = readFileSync(path.join(dist, 'runbooks', id, 'index.html'), 'utf8');
  const article = html.slice(html.indexOf('<article class="doc"'));
  return /<h1>([^<]*)<\/h1>/.exec(article)![1]!;
}

const chromium = chromiumOrSkip('export:book PDF');

describe('npm run export:book', () => {
  const dist = inject('exampleDist');
  const tmp = tempDir('book');
  afterAll(() => tmp.remove());

  const content = path.join(tmp.dir, 'content');
  cpSync(path.join(ROOT, 'content/runbooks'), path.join(content, 'runbooks'), { recursive: true });
  const sandboxed = path.join(content, 'runbooks', SANDBOXED);
  writeFileSync(sandboxed, readFileSync(sandboxed, 'utf8').replace(/^mode:\s*production\s*$/m, 'mode: sandbox'));
  const files = markdownFiles(path.join(content, 'runbooks'));
  const modes = new Map(files.map((f) => [entryId(f), frontMatterMode(readFileSync(path.join(content, 'runbooks', f), 'utf8'))]));
  const production = [...modes].filter(([, m]) => m === 'production').map(([id]) => id);
  const others = [...modes].filter(([, m]) => m !== 'production').map(([id]) => id);

  const run = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'scripts/export-book.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, SCARBOOK_CONTENT_DIR: content, ...(chromium === 'skip' ? { SCARBOOK_CHROMIUM: 'none' } : {}) },
    });

  it('writes every production runbook, and no other, into one HTML file whose contents links all resolve', () => {
    expect(modes.get(entryId(SANDBOXED))).toBe('sandbox');
    expect(others.length).toBeGreaterThanOrEqual(2); // the sandboxed one and one with no mode
    const out = path.join(tmp.dir, 'book');
    const result = run(['--dist', dist, '--out', out, '--site-url', 'https://scarbook.lab.example']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${production.length} production runbooks`);
    const html = readFileSync(path.join(out, 'runbooks.html'), 'utf8');

    const toc = html.slice(html.indexOf('<nav class="book-toc"'), html.indexOf('</nav>'));
    const tocTargets = [...toc.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(tocTargets.sort()).toEqual(production.map((id) => `runbook-${id}`).sort());
    for (const id of production) {
      const chapter = html.indexOf(`id="runbook-${id}"`);
      expect(chapter, id).toBeGreaterThan(0);
      expect(html.slice(chapter, html.indexOf('</article>', chapter)), id).toContain(`<h1>${builtTitle(dist, id)}</h1>`);
    }
    for (const id of others) {
      expect(html, id).not.toContain(`id="runbook-${id}"`);
      expect(html, id).not.toContain(`<h1>${builtTitle(dist, id)}</h1>`);
    }

    // Every in-document link lands somewhere, and no id is used twice (two runbooks' #verify).
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    const outsideSvg = html.replace(/<svg\b[\s\S]*?<\/svg>/g, '');
    const idsOutsideSvg = [...outsideSvg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(idsOutsideSvg.length).toBe(new Set(idsOutsideSvg).size);
    const targets = new Set(ids);
    const dangling = [...outsideSvg.matchAll(/\shref="#([^"]*)"/g)].map((m) => m[1]!).filter((t) => !targets.has(t));
    expect(dangling).toEqual([]);
    // Links to pages that are not in the book point at the site.
    expect(html).toMatch(/href="https:\/\/scarbook\.lab\.example\/decisions\//);
    expect(html).not.toMatch(/<script\b/);

    if (chromium !== 'skip') {
      const pdf = readFileSync(path.join(out, 'runbooks.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
      // A cover with the contents, then every runbook from a new page.
      expect(pages).toBeGreaterThan(production.length);
    }
  });

  it('says to build first when the built site is missing', () => {
    const result = run(['--dist', path.join(tmp.dir, 'no-dist'), '--out', path.join(tmp.dir, 'never'), '--no-pdf']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/runbooks\/.+\.mdx?: its page .+ is not in the built site\. Run `npm run build` first/);
    expect(existsSync(path.join(tmp.dir, 'never'))).toBe(false);
  });
});
