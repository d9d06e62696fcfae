import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { entryId } from '../../src/lib/entry-id.ts';
import { ROOT } from '../helpers/build-site.ts';
import { describeBrowser } from '../helpers/browser.ts';
import { topResults } from '../helpers/search-results.ts';

/*
 * The search terms are picked from the example lab's Markdown by the test itself, so editing the
 * content can never leave the test searching for a word that no longer exists (or now exists twice).
 */

interface ContentFile {
  section: string;
  /** Site path of the page: `/runbooks/dns/dns-outage/`; null for `_index.md` folder titles. */
  url: string | null;
  raw: string;
  frontMatter: string;
  body: string;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(path.join(dir, e.name)) : /\.mdx?$/i.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

/** Every Markdown file of the example lab (the folder the global setup builds). */
function readContent(): ContentFile[] {
  const content = path.join(ROOT, 'content');
  return ['runbooks', 'decisions', 'drills', 'incidents'].flatMap((section) =>
    markdownFiles(path.join(content, section)).map((file) => {
      const raw = readFileSync(file, 'utf8');
      const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(raw);
      const relative = path.relative(path.join(content, section), file).split(path.sep).join('/');
      return {
        section,
        url: path.basename(file).startsWith('_index.') ? null : `/${section}/${entryId(relative)}/`,
        raw,
        frontMatter: fm ? fm[1]! : '',
        body: fm ? raw.slice(fm[0].length) : raw,
      };
    }),
  );
}

/** A Markdown body split into the lines outside fenced code blocks and the code blocks. */
function splitFences(body: string): { prose: string[]; code: { lang: string; lines: string[] }[] } {
  const prose: string[] = [];
  const code: { lang: string; lines: string[] }[] = [];
  let fence: { marker: string; lang: string; lines: string[] } | null = null;
  for (const line of body.split(/\r?\n/)) {
    const marker = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (fence) {
      if (marker && marker[1]!.startsWith(fence.marker) && line.trim() === marker[1]) {
        code.push({ lang: fence.lang, lines: fence.lines });
        fence = null;
      } else fence.lines.push(line);
    } else if (marker) fence = { marker: marker[1]!, lang: marker[2] ?? '', lines: [] };
    else prose.push(line);
  }
  return { prose, code };
}

const filesContaining = (files: ContentFile[], needle: string) => files.filter((f) => f.raw.toLowerCase().includes(needle.toLowerCase()));

const files = readContent();

/**
 * A long plain word that occurs in the prose of exactly one runbook, not in its title, and in no other
 * content file. Uniqueness is checked on the word's first letters too, because Pagefind stems words
 * and matches the last one typed as a prefix: `compression` also finds `compressed`.
 */
function uniqueRunbookWord(): { word: string; file: ContentFile } {
  const candidates: { word: string; file: ContentFile }[] = [];
  for (const file of files.filter((f) => f.section === 'runbooks' && f.url)) {
    const { prose } = splitFences(file.body);
    const title = [/^title:.*$/m.exec(file.frontMatter)?.[0] ?? '', ...prose.filter((l) => /^#\s/.test(l))].join(' ').toLowerCase();
    const text = prose
      .filter((l) => !/^\s*(#|import\s|export\s|<|\[\^?[\w-]+\]:)/.test(l)) // headings, MDX, HTML, link definitions
      .join(' ')
      .replace(/\]\([^)]*\)/g, ']') // link targets are not text
      .replace(/`[^`]*`/g, ' '); // inline code: often paths and flags, not words
    for (const token of text.split(/\s+/)) {
      const word = token.replace(/^[*_~"'([]+|[*_~"')\].,;:!?]+$/g, '');
      if (!/^[a-z]{9,}$/.test(word) || title.includes(word)) continue;
      const stem = word.slice(0, Math.max(7, word.length - 3));
      if (filesContaining(files, stem).length === 1) candidates.push({ word, file });
    }
  }
  candidates.sort((a, b) => b.word.length - a.word.length || a.word.localeCompare(b.word));
  if (!candidates[0]) throw new Error('no runbook has a word of 9+ letters found in no other content file: add one');
  return candidates[0];
}

/** An error message quoted in a code block of an incident, found in no other content file. */
function uniqueIncidentError(): { message: string; file: ContentFile } {
  const incidents = files.filter((f) => f.section === 'incidents' && f.url).sort((a, b) => a.url!.localeCompare(b.url!));
  for (const file of incidents) {
    for (const block of splitFences(file.body).code) {
      if (block.lang === 'mermaid') continue;
      for (const line of block.lines.map((l) => l.trim())) {
        if (line.length < 20 || line.length > 120) continue;
        if (/^([$#;{>]|\w+@[\w-]+:)/.test(line)) continue; // prompts, commands, comments, JSON
        if (!/error|could not|cannot|can't|failed|denied|not found|refused|timed out|no such|invalid|expired/i.test(line)) continue;
        if (filesContaining(files, line).length === 1) return { message: line, file };
      }
    }
  }
  throw new Error('no incident quotes an error message (a line in a code block) that no other content file has');
}

const inputFocused = (page: Page) =>
  page.waitForFunction(() => document.activeElement?.matches('pagefind-modal dialog[open] pagefind-input input') ?? false, null, { timeout: 15_000 });

describeBrowser('search (browser)', (site) => {
  it('finds a word from one runbook body with `/`, and the first result opens that runbook', async () => {
    const { word, file } = uniqueRunbookWord();
    // The word really is in exactly one content file: if content edits break this, the picker above is wrong.
    expect(filesContaining(files, word).map((f) => f.url)).toEqual([file.url]);

    const { page, errors } = await site().newPage();
    await page.goto(`${site().url}/`);
    expect(await page.locator('pagefind-modal').count(), 'Pagefind UI must not be in the page before search is used').toBe(0);

    await page.keyboard.press('/');
    await page.locator('pagefind-modal dialog[open]').waitFor({ state: 'visible', timeout: 15_000 });
    await inputFocused(page);
    await page.keyboard.type(word);

    const links = await topResults(page, 'pagefind-modal', word);
    expect(links[0], `results for "${word}": ${JSON.stringify(links)}`).toBe(file.url);

    await page.locator('pagefind-modal .pf-result-link').first().click();
    await page.waitForURL((url) => url.pathname === file.url, { timeout: 15_000 });
    const match = page.locator('main').getByText(new RegExp(word, 'i')).first();
    await match.waitFor({ state: 'visible' });
    expect(await match.isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('opens the search dialog with Ctrl+K, focused on its input, and offers the type filter', async () => {
    const { page, errors } = await site().newPage();
    const runbook = files.find((f) => f.section === 'runbooks' && f.url)!;
    await page.goto(`${site().url}${runbook.url}`);
    await page.keyboard.press('Control+K');
    await page.locator('pagefind-modal dialog[open]').waitFor({ state: 'visible', timeout: 15_000 });
    await inputFocused(page);

    const type = page.locator('pagefind-modal pagefind-filter-dropdown[filter="type"]');
    await type.locator('[role="option"]').first().waitFor({ state: 'attached', timeout: 15_000 });
    // Found by role and name, as a screen reader user would.
    await page.getByRole('combobox', { name: 'Type', exact: true }).click();
    await type.locator('[role="listbox"]').waitFor({ state: 'visible' });
    const values = await type.locator('[role="option"]').evaluateAll((os) => os.map((o) => o.getAttribute('data-value')));
    expect(values).toEqual(expect.arrayContaining(['runbook', 'decision', 'drill', 'incident']));
    for (const name of ['Tag', 'Mode']) expect(await page.getByRole('combobox', { name, exact: true }).count()).toBe(1);

    // Escape closes the listbox first, then the dialog.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.locator('pagefind-modal dialog[open]').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('searches the lab\'s bundle with the documents: one query finds a host and the runbooks naming its container', async () => {
    // The nas host's page has a section per container, nextcloud among them (tests/build/example-site.test.ts).
    const runbooks = files.filter((f) => f.section === 'runbooks' && f.url && /nextcloud/i.test(f.body)).map((f) => f.url!);
    expect(runbooks.length).toBeGreaterThan(0);
    const { page, errors } = await site().newPage();
    await page.goto(`${site().url}/`);
    await page.keyboard.press('/');
    await page.locator('pagefind-modal dialog[open]').waitFor({ state: 'visible', timeout: 15_000 });
    await inputFocused(page);
    await page.keyboard.type('nextcloud');
    const links = await topResults(page, 'pagefind-modal', 'nextcloud');
    expect(links, JSON.stringify(links)).toContain('/lab/host/nas/');
    expect(links.filter((href) => runbooks.includes(href)).length, JSON.stringify(links)).toBeGreaterThan(0);

    // The search page merges it too (its fields are in the page before Pagefind loads), and the
    // type filter offers the lab's pages beside the documents'.
    await page.goto(`${site().url}/search/`);
    const input = page.locator('.search-page pagefind-input input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('nextcloud');
    expect(await topResults(page, '.search-page', 'nextcloud')).toContain('/lab/host/nas/');
    const type = page.locator('.search-page pagefind-filter-dropdown[filter="type"]');
    await type.locator('button.pf-dropdown-trigger').click();
    await type.locator('[role="option"]').first().waitFor({ state: 'visible', timeout: 15_000 });
    const values = await type.locator('[role="option"]').evaluateAll((os) => os.map((o) => o.getAttribute('data-value')));
    expect(values).toEqual(expect.arrayContaining(['lab', 'runbook']));
    expect(errors).toEqual([]);
  });

  it('the Search button opens the dialog, and Escape gives focus back to the button', async () => {
    const { page, errors } = await site().newPage();
    await page.goto(`${site().url}/`);
    const button = page.getByRole('button', { name: 'Search', exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('pagefind-modal dialog[open]').waitFor({ state: 'visible', timeout: 15_000 });
    await inputFocused(page);
    await page.keyboard.press('Escape');
    await page.locator('pagefind-modal dialog[open]').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.hasAttribute('data-search-open') ?? false, null, { timeout: 5_000 });
    expect(errors).toEqual([]);
  });

  it('the search page finds an incident by the exact error message it quotes', async () => {
    const { message, file } = uniqueIncidentError();
    expect(filesContaining(files, message).map((f) => f.url)).toEqual([file.url]);

    const { page, errors } = await site().newPage();
    await page.goto(`${site().url}/search/`);
    const input = page.locator('.search-page pagefind-input input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });

    // Before a query the type filter offers every section (afterwards, only those with hits).
    const type = page.locator('.search-page pagefind-filter-dropdown[filter="type"]');
    await type.locator('button.pf-dropdown-trigger').click();
    await type.locator('[role="option"]').first().waitFor({ state: 'visible', timeout: 15_000 });
    const values = await type.locator('[role="option"]').evaluateAll((os) => os.map((o) => o.getAttribute('data-value')));
    expect(values).toEqual(expect.arrayContaining(['runbook', 'decision', 'drill', 'incident']));
    await page.keyboard.press('Escape');
    await type.locator('[role="listbox"]').waitFor({ state: 'hidden' });

    await input.fill(message);

    const links = await topResults(page, '.search-page', message);
    expect(links[0], `results for ${JSON.stringify(message)}: ${JSON.stringify(links)}`).toBe(file.url);

    // Narrowing to incidents keeps it and drops everything else. The cards shown now are marked, so
    // the results read below are the ones Pagefind rendered for the filter, not these.
    await page.locator('.search-page pagefind-results ul.pf-results > li').evaluateAll((items) => items.forEach((li) => li.setAttribute('data-before-filter', '')));
    await type.locator('button.pf-dropdown-trigger').click();
    await type.locator('[role="option"][data-value="incident"]').click();
    await page.waitForFunction(() => document.querySelector('.search-page pagefind-filter-dropdown[filter="type"] [data-value="incident"]')?.getAttribute('aria-selected') === 'true');
    await page.waitForFunction(() => !document.querySelector('.search-page pagefind-results [data-before-filter]'), null, { timeout: 15_000 });
    const filtered = await topResults(page, '.search-page', message);
    expect(filtered[0]).toBe(file.url);
    expect(filtered.every((href) => href.startsWith('/incidents/')), JSON.stringify(filtered)).toBe(true);

    // The multi-select listbox stays open over the results; a click elsewhere closes it (Escape only
    // works while focus is in the dropdown, and a mouse click on an option does not keep it there).
    await page.locator('main h1').click();
    await type.locator('[role="listbox"]').waitFor({ state: 'hidden' });
    await page.locator('.search-page .pf-result-link').first().click();
    await page.waitForURL((url) => url.pathname === file.url);
    expect(errors).toEqual([]);
  });

  it('a runbook page loads no search code until search is used', async () => {
    const runbook = files.find((f) => f.section === 'runbooks' && f.url && /```mermaid/.test(f.body)) ?? files.find((f) => f.section === 'runbooks' && f.url)!;
    const { page } = await site().newPage();
    // Everything fetched, seen from outside: also what the Pagefind worker loads (wasm, index chunks).
    const fetched: { path: string; bytes: number }[] = [];
    page.on('requestfinished', (req) => {
      void req.sizes().then((s) => fetched.push({ path: new URL(req.url()).pathname, bytes: s.responseBodySize }), () => {});
    });
    await page.goto(`${site().url}${runbook.url}`, { waitUntil: 'load' });

    const measure = () =>
      page.evaluate(() => {
        const scripts = performance
          .getEntriesByType('resource')
          .map((e) => e as PerformanceResourceTiming)
          .filter((e) => e.initiatorType === 'script' || /\.m?js(\?|$)/.test(new URL(e.name).pathname));
        const inline = [...document.querySelectorAll('script:not([src])')].reduce((n, s) => n + (s.textContent?.length ?? 0), 0);
        return {
          files: scripts.map((e) => new URL(e.name).pathname),
          transferred: scripts.reduce((n, e) => n + e.transferSize, 0),
          decoded: scripts.reduce((n, e) => n + e.decodedBodySize, 0),
          inline,
        };
      });

    const before = await measure();
    expect(before.files.filter((f) => f.includes('pagefind')), 'Pagefind must load lazily').toEqual([]);

    await page.keyboard.press('/');
    await page.locator('pagefind-modal dialog[open]').waitFor({ state: 'visible', timeout: 15_000 });
    await inputFocused(page);
    await page.keyboard.type('restore');
    await topResults(page, 'pagefind-modal', 'restore');
    const after = await measure();
    expect(after.files.some((f) => f.endsWith('/pagefind/pagefind-component-ui.js'))).toBe(true);

    const pagefindData = fetched.filter((f) => f.path.includes('/pagefind/') && !/\.(m?js|css)$/.test(f.path));
    console.log(
      `[search] JavaScript on ${runbook.url}\n` +
        `  before search: ${before.decoded} B decoded (${before.transferred} B transferred) in ${before.files.length} file(s) ${JSON.stringify(before.files)} + ${before.inline} B inline = ${before.decoded + before.inline} B\n` +
        `  after search:  ${after.decoded} B decoded (${after.transferred} B transferred) in ${after.files.length} file(s) ${JSON.stringify(after.files)} + ${after.inline} B inline = ${after.decoded + after.inline} B\n` +
        `  plus Pagefind wasm + index (page and worker): ${pagefindData.reduce((n, f) => n + f.bytes, 0)} B in ${pagefindData.length} file(s)`,
    );
  });
});
