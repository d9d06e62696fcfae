import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BUILD_NOW } from './build-clock.ts';
import { getAllPages, siteConfig, type AnyPage, type DecisionPage, type RunbookPage } from './content.ts';
import { canonicalJson } from './drills/definition-hash.ts';
import { addFiles } from './file-digest.ts';
import { decisionDrills, runbookDrills } from './drills/site-data.ts';
import { lastChange } from './git-history.ts';
import { runCommand } from './run-command.ts';

/**
 * Keys for Astro's incremental build (`experimental.incrementalBuild`): a page whose key and
 * template code are unchanged since the last build is copied from that build instead of rendered.
 * A key that misses one input the page shows serves a page that lies, so the keys are built
 * wide, and tests/build/incremental.test.ts checks that after each kind of edit an incremental
 * build equals a cold one byte for byte.
 *
 * One digest covers everything any page may show about anything else:
 * - the build clock (src/lib/build-clock.ts), for ages and staleness;
 * - the site configuration;
 * - every file under the content folder except the documents' own Markdown, byte for byte: the lab
 *   snapshots, pull status, drill journals, folder titles, everything a loader or a script reads;
 * - of each document (runbook, decision, drill, incident): what other pages show of it. That is
 *   its front matter, and what the site derives from its body: its title, the decision record
 *   read from it, and the drills its sections name. src/lib/page-key.test.ts fails when code
 *   starts reading a body elsewhere.
 * - our own source (src/, astro.config.mjs): Astro hashes the modules a page imports, not the
 *   Markdown plugins the config loads.
 * A document's own page adds its file's bytes and its "last edited" date from Git, so editing one
 * runbook re-renders that runbook's page and the home page (it lists the recently changed, with
 * their dates: recentChangesPageKey), and nothing else; an edit that changes its title or front
 * matter re-renders every page. Pages drawn from the lab's Git history add the commits that made
 * it (labHistoryPageKey).
 *
 * Only a route with `getStaticPaths()` can carry a key, so even the one-page routes have one (an
 * index is `[...index].astro`, with no value for its parameter); only the 404 page, which shows
 * nothing that changes, is rendered on every build.
 */
let digest: Promise<string> | undefined;

/** What other pages show of a document: everything but its body's text. */
async function shownElsewhere(page: AnyPage): Promise<unknown> {
  const { entry, ...rest } = page;
  const drills = page.section === 'runbooks'
    ? await runbookDrills(page as RunbookPage)
    : page.section === 'decisions' ? await decisionDrills(page as DecisionPage) : [];
  return { ...rest, data: entry.data, drills: drills.map((d) => ({ drill: d.drill, via: d.via, heading: d.heading })) };
}

/** The part of every key that all pages share (see above). Computed once per build. */
function siteDigest(): Promise<string> {
  return (digest ??= (async () => {
    const { root, contentPath } = siteConfig;
    const hash = createHash('sha256');
    hash.update(`clock\0${BUILD_NOW.toISOString()}\0config\0${canonicalJson(siteConfig)}\0`);
    const pages = await getAllPages();
    const documents = new Set(pages.map((p) => path.resolve(root, p.filePath)));
    addFiles(hash, contentPath, root, documents);
    addFiles(hash, path.join(root, 'src'), root);
    addFiles(hash, path.join(root, 'astro.config.mjs'), root);
    for (const page of pages) hash.update(`doc\0${page.filePath}\0${canonicalJson(await shownElsewhere(page))}\0`);
    return hash.digest('hex');
  })());
}

/** Key of a page that shows no document of its own (lab, architecture, tags). */
export function sharedPageKey(): Promise<string> {
  return siteDigest();
}

/** Key of a document's own page: the shared digest, its file, and its "last edited" date. */
export async function documentPageKey(page: AnyPage): Promise<string> {
  const file = path.resolve(siteConfig.root, page.filePath);
  const change = await lastChange(file, siteConfig.contentPath);
  return createHash('sha256')
    .update(`${await siteDigest()}\0${change.date.toISOString()}\0${change.committed}\0`)
    .update(readFileSync(file))
    .digest('hex');
}

/**
 * Key of the home page, whose "recently changed" list shows every document's "last edited" date:
 * the shared digest and each document's date from Git (or its file's, while uncommitted).
 */
export async function recentChangesPageKey(): Promise<string> {
  const hash = createHash('sha256').update(await siteDigest());
  for (const page of await getAllPages()) {
    const change = await lastChange(path.resolve(siteConfig.root, page.filePath), siteConfig.contentPath);
    hash.update(`\0${page.filePath}\0${change.date.toISOString()}\0${change.committed}`);
  }
  return hash.digest('hex');
}

/**
 * Key of a page drawn from the lab's Git history (what changed between pulls, coverage over
 * time): the shared digest and every commit that touched the snapshots or the journals. A commit
 * names its date, message and files, so the list names everything such a page reads from Git.
 */
export async function labHistoryPageKey(): Promise<string> {
  const commits = await runCommand('git', ['log', '--format=%H', '--', 'lab/sources', 'lab/drills'], { cwd: siteConfig.contentPath })
    .catch(() => 'not a Git checkout: no history');
  return createHash('sha256').update(`${await siteDigest()}\0${commits}`).digest('hex');
}
