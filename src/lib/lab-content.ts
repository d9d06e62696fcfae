import { getCollection, type CollectionEntry } from 'astro:content';
import type { Edge } from '../schemas/lab.ts';
import { getAllPages, type AnyPage } from './content.ts';
import { href } from './urls.ts';

export type LabEntity = CollectionEntry<'lab'>['data'];

/** `container:nas/pihole` → `/lab/container/nas/pihole/`; `bind-mount:nas:/srv/data` → `/lab/bind-mount/nas/srv/data/`. */
export function entityPath(id: string): string {
  const [kind, ...rest] = id.split(':');
  const tail = rest.join(':').split(/[:/]+/).filter(Boolean).map(encodeURIComponent).join('/');
  return `${kind}/${tail}`;
}
export const entityUrl = (id: string) => href(`lab/${entityPath(id)}/`);

let cache: Promise<{ entities: LabEntity[]; byId: Map<string, LabEntity>; sources: CollectionEntry<'labSources'>['data'][] }> | undefined;
/** The merged lab graph, loaded once per build. The only caller of the lab collections. */
export function getLab() {
  return (cache ??= Promise.all([getCollection('lab'), getCollection('labSources')]).then(([lab, sources]) => {
    const entities = lab.map((e) => e.data).sort((a, b) => a.id.localeCompare(b.id));
    return { entities, byId: new Map(entities.map((e) => [e.id, e])), sources: sources.map((s) => s.data).sort((a, b) => a.name.localeCompare(b.name)) };
  }));
}

/** Ids a document names: a runbook's `services`, a drill's `targets`, an incident's `services`. */
export function namedEntities(page: AnyPage): string[] {
  const d = page.entry.data as { services?: string[]; targets?: string[] };
  return [...(d.services ?? []), ...(d.targets ?? [])];
}

/** Runbooks, decisions, drills and incidents that name an entity. */
export async function documentsNaming(id: string): Promise<AnyPage[]> {
  return (await getAllPages()).filter((p) => namedEntities(p).includes(id));
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
