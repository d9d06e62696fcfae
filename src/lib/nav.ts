import type { RunbookPage } from './content.ts';
import { href } from './urls.ts';

/** How many links a sidebar lists before pointing to the index: enough to browse, never the whole site. */
export const NAV_LIMIT = 30;

export interface NavItem { label: string; url: string; current?: boolean }

/**
 * Sidebar for a runbook: the other runbooks of its folder (capped) and the list of folders.
 * Folders and search cover the rest; no page carries a link to every other page.
 */
export function runbookNav(all: readonly RunbookPage[], current: RunbookPage, folderTitles: Map<string, { title: string }>) {
  const { byFolder, position, folders } = foldersOf(all);
  const siblings = byFolder.get(current.folder) ?? [current];
  const start = Math.max(0, Math.min((position.get(current) ?? 0) - Math.floor(NAV_LIMIT / 2), siblings.length - NAV_LIMIT));
  const items: NavItem[] = siblings.slice(start, start + NAV_LIMIT).map((r) => ({ label: r.title, url: r.url, current: r === current }));
  const groups: NavItem[] = folders.slice(0, NAV_LIMIT).map((f) => ({
    label: folderTitles.get(f)?.title ?? (f || 'Other'),
    url: href(`runbooks/#folder-${f || 'root'}`),
    current: f === current.folder,
  }));
  const heading = folderTitles.get(current.folder)?.title ?? (current.folder || 'Runbooks');
  const more = siblings.length > NAV_LIMIT ? { label: `All ${siblings.length} in this folder`, url: href(`runbooks/#folder-${current.folder || 'root'}`) } : undefined;
  return { heading, items, groups, more };
}

interface Folders {
  byFolder: Map<string, RunbookPage[]>;
  /** Each runbook's place among its folder's. */
  position: Map<RunbookPage, number>;
  folders: string[];
}

const foldersCache = new WeakMap<readonly RunbookPage[], Folders>();
/**
 * The runbooks by folder, once per list: every runbook page asks for its sidebar, and filtering
 * the whole list for each was quadratic (~0.2 s of Astro's page step at 1,000 runbooks, ~25 times
 * that at 5,000).
 */
function foldersOf(all: readonly RunbookPage[]): Folders {
  let found = foldersCache.get(all);
  if (!found) {
    const byFolder = new Map<string, RunbookPage[]>();
    const position = new Map<RunbookPage, number>();
    for (const r of all) {
      const siblings = byFolder.get(r.folder) ?? [];
      if (!siblings.length) byFolder.set(r.folder, siblings);
      position.set(r, siblings.push(r) - 1);
    }
    found = { byFolder, position, folders: [...byFolder.keys()].sort() };
    foldersCache.set(all, found);
  }
  return found;
}

/** Sidebar for a flat section: the most recent entries and a link to the full log. */
export function recentNav<T extends { title: string; url: string }>(all: T[], current: T | null, indexUrl: string, label: string) {
  const items: NavItem[] = all.slice(0, NAV_LIMIT).map((p) => ({ label: p.title, url: p.url, current: p === current }));
  if (current && !all.slice(0, NAV_LIMIT).includes(current)) items.push({ label: current.title, url: current.url, current: true });
  return { heading: label, items, more: all.length > NAV_LIMIT ? { label: `All ${all.length}`, url: indexUrl } : undefined };
}
