import path from 'node:path';
import type { LabGraph, SourceSnapshot } from '../../src/schemas/lab.ts';
import type { ContentFile } from '../../src/lib/validate-content.ts';
import type { Problem } from './links.ts';
import { locateEntity } from './locate-entity.ts';

/** Ids a document's front matter names: `services` (runbooks, decisions, incidents) and `targets` (drills). */
function named(f: ContentFile): string[] {
  const d = f.data as { services?: unknown; targets?: unknown };
  return [d.services, d.targets].flatMap((v) => (Array.isArray(v) ? v.map(String) : []));
}

/**
 * Where the documents and the lab disagree: a document naming an entity no source sees (gone,
 * renamed, or a typo), and a production entity no runbook names. Warnings, not errors: the lab
 * may simply not be pulled from every source here. Empty when there is no lab snapshot yet.
 * Drift between declared and live state is scripts/check/drift.ts.
 */
export function checkLabCoverage(files: (ContentFile & { text: string })[], graph: LabGraph & { snapshots: Pick<SourceSnapshot, 'source'>[] }, root: string, contentPath = path.join(root, 'content')): Problem[] {
  if (graph.entities.length === 0) return [];
  // A merged guest answers to its old ids too (`vm:pve1/101` became the host it is).
  const known = new Set(graph.entities.flatMap((e) => [e.id, ...e.aliases]));
  const problems: Problem[] = [];
  for (const f of files) {
    for (const id of named(f)) {
      if (known.has(id)) continue;
      const line = f.text.split('\n').findIndex((l) => l.includes(id)) + 1;
      problems.push({ file: path.relative(root, f.file), line: line || 1, column: 1, message: `names ${id}, which no lab source has seen (gone, renamed, or not pulled yet)`, severity: 'warning', gate: 'lab' });
    }
  }
  const runbookNames = new Set(files.filter((f) => f.section === 'runbooks').flatMap(named));
  for (const e of graph.entities.filter((x) => x.mode === 'production' && !runbookNames.has(x.id))) {
    problems.push({ ...locateEntity(e, contentPath, root), column: 1, message: `production ${e.kind} ${e.id} has no runbook (no runbook lists it in services)`, severity: 'warning', gate: 'lab' });
  }
  for (const route of graph.entities.filter((x) => x.kind === 'route')) {
    const cert = route.attributes.certificate as { expiry?: string; validTo?: string } | undefined;
    if (cert?.expiry === 'expiring' || cert?.expiry === 'expired') {
      problems.push({ ...locateEntity(route, contentPath, root), column: 1, message: `certificate of ${route.name} is ${cert.expiry} (valid until ${cert.validTo})`, severity: 'warning', gate: 'lab' });
    }
  }
  return problems;
}
