import type { Journal } from '../../schemas/drill-journal.ts';
import type { DrillRef, Survival } from '../drills/survival.ts';
import { survivalByEntity, type DrillStatus } from '../drills/survival.ts';
import { archGraph, type ArchGraph, type LabLike } from './arch-graph.ts';

/** A runbook, decision, drill or incident, and the lab ids its front matter names. */
export interface DocRef {
  section: 'runbooks' | 'decisions' | 'drills' | 'incidents';
  title: string;
  url: string;
  /** Project-relative file, for findings that point at a document. */
  file: string;
  names: string[];
}

/** Everything the findings and views read: the graph, the drills with their journals, the documents. */
export interface LabFactsInput {
  lab: LabLike | ArchGraph;
  drills: readonly DrillRef[];
  journals: readonly Journal[];
  documents: readonly DocRef[];
  /** Configured sources (name, type): which ones declare rather than observe. */
  sources: readonly { name: string; type: string }[];
  now: Date;
}

export interface LabFacts extends Omit<LabFactsInput, 'lab'> {
  graph: ArchGraph;
  /** An id as documents may write it (an old guest id) → the entity id it is now. */
  resolve(id: string): string | undefined;
  survival(id: string): Survival;
  drillsOf(id: string): DrillStatus[];
  /** Documents naming an entity (by its id or any alias), per section. */
  documentsNaming(id: string): DocRef[];
}

/**
 * Joins computed once per build: aliases, survival per entity, documents per entity. Linear in
 * entities + aliases + drill targets + document references.
 */
export function labFacts(input: LabFactsInput): LabFacts {
  const graph = archGraph(input.lab);
  const alias = new Map<string, string>();
  for (const e of graph.entities) for (const a of e.aliases) if (!graph.byId.has(a)) alias.set(a, e.id);
  const resolve = (id: string) => (graph.byId.has(id) ? id : alias.get(id));
  const drills = input.drills.map((d) => ({ ...d, targets: [...new Set(d.targets.map((t) => resolve(t) ?? t))] }));
  const survival = survivalByEntity(drills, input.journals, input.now);
  const docs = new Map<string, DocRef[]>();
  for (const doc of input.documents) {
    for (const id of new Set(doc.names.map((n) => resolve(n) ?? n))) {
      const list = docs.get(id);
      if (list) list.push(doc);
      else docs.set(id, [doc]);
    }
  }
  return {
    ...input,
    graph,
    resolve,
    survival: (id) => survival.get(id)?.status ?? 'never-tested',
    drillsOf: (id) => survival.get(id)?.drills ?? [],
    documentsNaming: (id) => docs.get(id) ?? [],
  };
}
