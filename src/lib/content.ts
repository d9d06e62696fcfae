import { getCollection, type CollectionEntry } from 'astro:content';
import path from 'node:path';
import type { Mode } from '../schemas/common.ts';
import { linkSupersedes, normalizeDecision, type NormalizedDecision } from './decisions.ts';
import { loadSiteConfig } from './site-config.ts';
import { deriveTitle } from './titles.ts';
import { entryUrl, type Section } from './urls.ts';

/** What every page of every section has in common: enough for lists, search and navigation. */
export interface DocPage<E> {
  section: Section;
  id: string;
  url: string;
  title: string;
  description?: string;
  tags: string[];
  mode?: Mode;
  /** Path relative to the project root, for "edit this page" and error messages. */
  filePath: string;
  entry: E;
}

export type RunbookPage = DocPage<CollectionEntry<'runbooks'>> & { folder: string; weight: number };
export type DecisionPage = DocPage<CollectionEntry<'decisions'>> & { decision: NormalizedDecision };
export type DrillPage = DocPage<CollectionEntry<'drills'>>;
export type IncidentPage = DocPage<CollectionEntry<'incidents'>>;
export type AnyPage = RunbookPage | DecisionPage | DrillPage | IncidentPage;

const config = loadSiteConfig();

function base<E extends { id: string; body?: string; filePath?: string; data: { title?: string; tags?: string[] } }>(section: Section, entry: E): DocPage<E> {
  return {
    section,
    id: entry.id,
    url: entryUrl(section, entry.id),
    title: deriveTitle(entry.data.title, entry.body, entry.filePath, entry.id),
    tags: entry.data.tags ?? [],
    filePath: entry.filePath ?? '',
    entry,
  };
}

const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);

// Memoised: every page of the build asks for the same lists.
let runbooks: Promise<RunbookPage[]> | undefined;
export function getRunbooks(): Promise<RunbookPage[]> {
  return (runbooks ??= getCollection('runbooks').then((entries) =>
    entries
      .map((entry) => ({
        ...base('runbooks', entry),
        description: entry.data.description,
        mode: entry.data.mode,
        folder: entry.id.includes('/') ? entry.id.slice(0, entry.id.lastIndexOf('/')) : '',
        weight: entry.data.weight ?? Number.MAX_SAFE_INTEGER,
      }))
      .sort((a, b) => a.folder.localeCompare(b.folder) || a.weight - b.weight || byTitle(a, b)),
  ));
}

let sections: Promise<Map<string, { title: string; weight: number }>> | undefined;
/** Folder titles from Hugo-style `_index.md` files (`node/_index.md` → "node"). */
export function getSectionTitles(): Promise<Map<string, { title: string; weight: number }>> {
  return (sections ??= getCollection('sections').then(
    (entries) =>
      new Map(
        entries.map((e) => {
          const folder = e.id.replace(/\/?_index$/, '');
          return [folder, { title: e.data.title ?? (folder || 'Runbooks'), weight: e.data.weight ?? Number.MAX_SAFE_INTEGER }];
        }),
      ),
  ));
}

let decisions: Promise<DecisionPage[]> | undefined;
export function getDecisions(): Promise<DecisionPage[]> {
  return (decisions ??= getCollection('decisions').then((entries) => {
    const pages = entries.map((entry) => ({
      ...base('decisions', entry),
      decision: normalizeDecision(entry.data, entry.body ?? '', entry.filePath ?? entry.id),
    }));
    // Newest first: the decision log is a timeline.
    return linkSupersedes(pages).sort(
      (a, b) => (b.decision.date?.getTime() ?? 0) - (a.decision.date?.getTime() ?? 0) || (b.decision.number ?? '').localeCompare(a.decision.number ?? ''),
    );
  }));
}

let drills: Promise<DrillPage[]> | undefined;
export function getDrills(): Promise<DrillPage[]> {
  return (drills ??= getCollection('drills').then((entries) =>
    entries.map((entry) => ({ ...base('drills', entry), description: entry.data.hypothesis, mode: entry.data.mode })).sort(byTitle),
  ));
}

let incidents: Promise<IncidentPage[]> | undefined;
export function getIncidents(): Promise<IncidentPage[]> {
  return (incidents ??= getCollection('incidents').then((entries) =>
    entries
      .map((entry) => ({ ...base('incidents', entry), description: entry.data.trigger }))
      .sort((a, b) => b.entry.data.date.getTime() - a.entry.data.date.getTime()),
  ));
}

/*
 * Built once per build and shared by every page, like the lists above: each page used to make its
 * own copy, and its own lookups by scanning it, which is quadratic in the number of documents.
 */
let allPages: Promise<readonly AnyPage[]> | undefined;
/** Every document page: runbooks, decisions, drills, incidents. Shared: do not change it. */
export function getAllPages(): Promise<readonly AnyPage[]> {
  return (allPages ??= Promise.all([getRunbooks(), getDecisions(), getDrills(), getIncidents()]).then((lists) => lists.flat()));
}

let byFile: Promise<ReadonlyMap<string, AnyPage>> | undefined;
/** Document page by its file path (as `filePath`). */
export function pageByFilePath(): Promise<ReadonlyMap<string, AnyPage>> {
  return (byFile ??= getAllPages().then((pages) => new Map(pages.map((p) => [p.filePath, p]))));
}

let byNumber: Promise<ReadonlyMap<string, DecisionPage>> | undefined;
/** Decision page by its four-digit number, for "related decisions" and supersede links. */
export function decisionByNumber(): Promise<ReadonlyMap<string, DecisionPage>> {
  return (byNumber ??= getDecisions().then((all) => new Map(all.filter((d) => d.decision.number).map((d) => [d.decision.number!, d]))));
}

/** "Edit this page" link for a file, or null when the site has none configured. */
export function editUrl(filePath: string): string | null {
  if (!config.editUrl || !filePath) return null;
  const rel = path.relative(config.root, path.resolve(config.root, filePath)).split(path.sep).join('/');
  return config.editUrl.replace('{path}', rel);
}

export { config as siteConfig };
