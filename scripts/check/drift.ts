import path from 'node:path';
import type { Entity, SourceSnapshot } from '../../src/schemas/lab.ts';
import { findDrift } from '../../src/lib/lab/drift.ts';
import type { ContentFile } from '../../src/lib/validate-content.ts';
import type { Problem } from './links.ts';
import { locateEntity } from './locate-entity.ts';

/** A document that can explain drift, and the entity ids it names. */
export interface Explainer { file: string; ids: string[] }

/**
 * Documents that explain drift: a `content/services/*.md` annotation about the entity (`entity`),
 * and a runbook that lists it in `services`. Naming it there is saying "we know, and here is why".
 */
export function explainers(files: ContentFile[], declarations: { entity: string; file: string }[], root: string): Explainer[] {
  const runbooks = files
    .filter((f) => f.section === 'runbooks')
    .map((f) => ({ file: path.relative(root, f.file), ids: Array.isArray((f.data as { services?: unknown }).services) ? ((f.data as { services: unknown[] }).services.map(String)) : [] }));
  return [...declarations.map((d) => ({ file: d.file, ids: [d.entity] })), ...runbooks].filter((e) => e.ids.length);
}

/**
 * Drift (declared but unseen, running but undeclared) as check findings: a warning (gate `drift`)
 * unless a document explains it, then a notice that names the document.
 */
export function checkDrift(graph: { entities: Entity[]; snapshots: Pick<SourceSnapshot, 'source'>[] }, docs: Explainer[], contentPath: string, root: string): Problem[] {
  return findDrift(graph.entities, graph.snapshots).map((d) => {
    const names = new Set([d.entity.id, ...d.entity.aliases]);
    const by = docs.filter((doc) => doc.ids.some((id) => names.has(id))).map((doc) => doc.file);
    const where = locateEntity(d.entity, contentPath, root);
    return by.length
      ? { ...where, column: 1, gate: 'drift', severity: 'notice', message: `drift: ${d.message} (explained by ${by.join(', ')})` }
      : { ...where, column: 1, gate: 'drift', severity: 'warning', message: `drift: ${d.message}. Fix the lab or the inventory, or explain it: a content/services/*.md note with \`entity: ${d.entity.id}\`, or a runbook listing it in \`services\`` };
  });
}
