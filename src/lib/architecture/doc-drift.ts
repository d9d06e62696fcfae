import { findDrift } from '../lab/drift.ts';
import { declaredOnly } from './arch-graph.ts';
import type { DocRef, LabFacts } from './lab-facts.ts';

export type DriftKind = 'gone' | 'never-observed' | 'declared-only' | 'undeclared' | 'unnamed';

export interface DriftFinding {
  kind: DriftKind;
  /** The entity id concerned (for `gone`: the id the document names). */
  id: string;
  message: string;
  /** The documents concerned (`gone`), or the file that declares the edge (`never-observed`). */
  documents: DocRef[];
  files: string[];
}

/** Kinds a document is expected to name: the things people run. Volumes, networks, targets are not. */
const NAMEABLE = new Set(['host', 'vm', 'container']);

/**
 * Where the documents and the lab disagree: a document naming an entity that is gone, a declared
 * dependency no source has observed, an inventory that disagrees with what runs, and machines and
 * containers the lab runs that no document names. Linear in references + edges + entities.
 */
export function documentDrift(facts: LabFacts): DriftFinding[] {
  const out: DriftFinding[] = [];
  const gone = new Map<string, DocRef[]>();
  for (const doc of facts.documents) {
    for (const id of new Set(doc.names)) if (!facts.resolve(id)) gone.set(id, [...(gone.get(id) ?? []), doc]);
  }
  for (const [id, docs] of gone) {
    out.push({ kind: 'gone', id, documents: docs, files: docs.map((d) => d.file), message: `${docs.length === 1 ? `${docs[0]!.section.replace(/s$/, '')} “${docs[0]!.title}” names` : `${docs.length} documents name`} ${id}, which no lab source sees (gone, renamed, or never pulled)` });
  }
  const graph = facts.graph;
  for (const e of graph.edges) {
    if (!declaredOnly(e)) continue;
    const files = e.evidence.flatMap((x) => (x.kind === 'declared' ? [x.file] : []));
    const target = graph.byId.has(e.to) ? e.to : `${e.to} (not in the lab)`;
    out.push({ kind: 'never-observed', id: e.from, documents: [], files, message: `${e.from} ${e.type} ${target} is declared in ${files.join(', ')} but no source has observed it` });
  }
  for (const d of findDrift(graph.entities, facts.sources.map((s) => ({ source: s })))) {
    out.push({ kind: d.kind, id: d.entity.id, documents: [], files: [], message: d.message });
  }
  for (const e of graph.entities) {
    if (!NAMEABLE.has(e.kind) || facts.documentsNaming(e.id).length > 0) continue;
    out.push({ kind: 'unnamed', id: e.id, documents: [], files: [], message: `the lab runs ${e.kind} ${e.id}, but no runbook, decision, drill or incident names it` });
  }
  const order: DriftKind[] = ['gone', 'never-observed', 'declared-only', 'undeclared', 'unnamed'];
  return out.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.id.localeCompare(b.id));
}
