import path from 'node:path';
import { getCollection, type CollectionEntry } from 'astro:content';
import type { Edge, Entity } from '../schemas/lab.ts';
import { getAllPages, type AnyPage } from './content.ts';
import { byLocale } from './lab/combine.ts';
import { buildDirs } from './build-dirs.ts';
import { readLabCached } from './lab/lab-graph-cache.ts';
import { labSignature } from './lab/read-lab.ts';
import { onReleasePageData } from './page-data.ts';
import { loadSiteConfig } from './site-config.ts';
import { href } from './urls.ts';

/** An entity of the merged lab with the edges that leave and reach it. */
export type LabEntity = Entity & { out: Edge[]; in: Edge[] };

/** `container:nas/pihole` → `/lab/container/nas/pihole/`; `bind-mount:nas:/srv/data` → `/lab/bind-mount/nas/srv/data/`. */
export function entityPath(id: string): string {
  const [kind, ...rest] = id.split(':');
  const tail = rest.join(':').split(/[:/]+/).filter(Boolean).map(encodeURIComponent).join('/');
  return `${kind}/${tail}`;
}

/**
 * Kinds shown as a section of the page of the machine they live on, not as pages of their own:
 * a 7,000-host fleet has 50,000 containers, 54,000 volumes and mounts, 26,000 host-local networks
 * and 17,000 scrape targets, and Pagefind fails above ~30,000 pages. A network or target that
 * belongs to no one machine (a VLAN, a tailnet, a target of an outside address) keeps its page, as
 * does every other kind (host, vm, service, route, site, backup, dns-server).
 */
export const SECTION_KINDS: ReadonlySet<string> = new Set(['container', 'volume', 'bind-mount', 'network', 'target']);

/** Stable in-page anchor of a section entity: `container:nas/pihole` → `container-pihole`. */
export function sectionAnchor(id: string): string {
  const [kind = '', ...rest] = id.split(':');
  const tail = rest.join(':').replace(/^[^/:]+[/:]/, '');
  return `${kind}-${tail}`.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/-+$/, '');
}

/** Section entity id → the host or vm whose page shows it (set once the lab is loaded). */
let owners: Map<string, string> | undefined;

/** The machine an entity of a section kind lives on: its runs-on host/vm, else the host in its id. */
function ownerOf(entity: LabEntity, byId: Map<string, LabEntity>): string | undefined {
  if (!SECTION_KINDS.has(entity.kind)) return undefined;
  const machine = (id: string | undefined) => (id && ['host', 'vm'].includes(byId.get(id)?.kind ?? '') ? id : undefined);
  const runsOn = entity.out.find((e) => e.type === 'runs-on' && machine(e.to))?.to;
  if (runsOn) return runsOn;
  if (entity.kind === 'target') {
    // A scrape target belongs to the machine it watches, or to the machine of the container it watches.
    for (const e of entity.in.filter((x) => x.type === 'monitored-by')) {
      const from = byId.get(e.from);
      const owner = machine(from?.id) ?? (from?.kind === 'container' ? machine(from.out.find((x) => x.type === 'runs-on')?.to) : undefined);
      if (owner) return owner;
    }
    return undefined;
  }
  const host = /^[a-z-]+:([^/:]+)[/:]/.exec(entity.id)?.[1];
  return host && byId.get(`host:${host}`)?.kind === 'host' ? `host:${host}` : undefined;
}

/**
 * Where an entity is shown: its own page, or its section on its machine's page. Before the lab is
 * loaded (no caller does this in practice: pages get the lab first) the id's host part decides.
 */
export function entityUrl(id: string): string {
  const hostInId = /^[a-z-]+:([^/:]+)[/:]/.exec(id)?.[1];
  const owner = owners ? owners.get(id) : SECTION_KINDS.has(id.split(':')[0] ?? '') && hostInId ? `host:${hostInId}` : undefined;
  return owner ? `${href(`lab/${entityPath(owner)}/`)}#${sectionAnchor(id)}` : href(`lab/${entityPath(id)}/`);
}

interface Lab {
  entities: LabEntity[];
  byId: Map<string, LabEntity>;
  /** Entities with a page of their own. */
  pages: LabEntity[];
  /** Host/vm id → the section entities its page shows, by id. */
  sections: Map<string, LabEntity[]>;
  sources: CollectionEntry<'labSources'>['data'][];
}
let cache: { signature: string; lab: Promise<Lab> } | undefined;
onReleasePageData(() => {
  cache = undefined;
});

let labContentPath: string | undefined;

/** The merged graph kept between builds, in Astro's cache folder (lab-graph-cache.ts). */
export const LAB_GRAPH_CACHE = 'scarbook-lab-graph.json';

/**
 * The merged lab graph, read from `content/lab/` once per build. The only reader of the lab for
 * pages. Not an Astro content collection on purpose: a collection keeps every entity (with its
 * edges, twice) in Astro's data store, in memory and serialised to disk, on top of the graph the
 * pages use; at fleet size (154,000 entities, 322,000 edges) that was most of a 6 GiB build.
 * In `astro dev` the folder's signature is checked on each call, so a new pull shows on reload.
 */
export function getLab(): Promise<Lab> {
  // Pages call this many times each: the site config is read once per build (again in dev).
  const contentPath = import.meta.env.DEV ? loadSiteConfig().contentPath : (labContentPath ??= loadSiteConfig().contentPath);
  const signature = import.meta.env.DEV ? labSignature(contentPath) : '';
  if (cache?.signature !== signature) cache = { signature, lab: loadLab(contentPath) };
  return cache.lab;
}

function push(map: Map<string, Edge[]>, key: string, edge: Edge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

async function loadLab(contentPath: string): Promise<Lab> {
  const sources = await getCollection('labSources');
  const root = process.cwd();
  const { lab: graph } = readLabCached(contentPath, root, path.join(buildDirs(root).cacheDir, LAB_GRAPH_CACHE));
  // Each entity's edges from adjacency lists built in one pass: filtering every edge for every
  // entity was quadratic (150,000 entities × 300,000 edges at fleet size).
  const out = new Map<string, Edge[]>();
  const into = new Map<string, Edge[]>();
  for (const e of graph.edges) {
    push(out, e.from, e);
    push(into, e.to, e);
  }
  const entities: LabEntity[] = graph.entities
    .map((e) => ({ ...e, out: out.get(e.id) ?? [], in: into.get(e.id) ?? [] }))
    .sort((a, b) => byLocale(a.id, b.id));
  const byId = new Map(entities.map((e) => [e.id, e]));
  const owned = new Map<string, string>();
  const sections = new Map<string, LabEntity[]>();
  for (const e of entities) {
    const owner = ownerOf(e, byId);
    if (!owner) continue;
    owned.set(e.id, owner);
    const list = sections.get(owner);
    if (list) list.push(e);
    else sections.set(owner, [e]);
  }
  owners = owned;
  return { entities, byId, pages: entities.filter((e) => !owned.has(e.id)), sections, sources: sources.map((s) => s.data).sort((a, b) => a.name.localeCompare(b.name)) };
}

/** Ids a document names: a runbook's `services`, a drill's `targets`, an incident's `services`. */
export function namedEntities(page: AnyPage): string[] {
  const d = page.entry.data as { services?: string[]; targets?: string[] };
  return [...(d.services ?? []), ...(d.targets ?? [])];
}

let naming: Promise<ReadonlyMap<string, readonly AnyPage[]>> | undefined;
/** Runbooks, decisions, drills and incidents that name an entity (in getAllPages' order). */
export async function documentsNaming(id: string): Promise<readonly AnyPage[]> {
  // Indexed once: every lab page asks, and scanning every document for each was quadratic.
  naming ??= getAllPages().then((pages) => {
    const index = new Map<string, AnyPage[]>();
    for (const page of pages) {
      for (const named of new Set(namedEntities(page))) {
        const list = index.get(named);
        if (list) list.push(page);
        else index.set(named, [page]);
      }
    }
    return index;
  });
  return (await naming).get(id) ?? [];
}

/** Human words for an edge seen from one end. */
export function describeEdge(edge: Edge, direction: 'out' | 'in'): string {
  const words: Record<Edge['type'], [string, string]> = {
    'runs-on': ['runs on', 'runs'],
    'member-of': ['member of', 'has member'],
    'depends-on': ['depends on', 'needed by'],
    'routes-to': ['routes to', 'reached through'],
    'stores-on': ['stores data on', 'holds data of'],
    'backed-up-by': ['backed up by', 'backs up'],
    'monitored-by': ['monitored by', 'monitors'],
    'connects-to': ['shares a network with', 'shares a network with'],
  };
  return words[edge.type][direction === 'out' ? 0 : 1];
}

/** How a fact is known: "observed by docker-nas (compose depends_on)" or "declared in content/services/x.md". */
export function evidenceText(edge: Edge): string {
  return edge.evidence.map((e) => (e.kind === 'observed' ? `observed by ${e.source}${e.via ? ` (${e.via})` : ''}` : `declared in ${e.file}`)).join('; ');
}
