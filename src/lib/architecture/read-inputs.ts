import path from 'node:path';
import { DrillSchema } from '../../schemas/drill.ts';
import { readJournals } from '../drills/read-journals.ts';
import { entryId } from '../entry-id.ts';
import { readLab } from '../lab/read-lab.ts';
import { deriveTitle } from '../titles.ts';
import { validateContent } from '../validate-content.ts';
import type { DrillRef } from '../drills/survival.ts';
import type { DocRef, LabFactsInput } from './lab-facts.ts';

/** Documents and drill definitions read from `content/` without Astro (scripts, tests, history). */
export async function readDocuments(contentPath: string, root: string): Promise<{ documents: DocRef[]; drills: DrillRef[] }> {
  const { files } = await validateContent(contentPath, root);
  const documents: DocRef[] = [];
  const drills: DrillRef[] = [];
  for (const f of files) {
    if (path.basename(f.file) === '_index.md') continue;
    const id = entryId(path.relative(path.join(contentPath, f.section), f.file));
    const d = f.data as { services?: unknown; targets?: unknown; title?: string };
    const names = [d.services, d.targets].flatMap((v) => (Array.isArray(v) ? v.map(String) : []));
    documents.push({ section: f.section, title: deriveTitle(d.title, f.body, f.file, id), url: `/${f.section}/${id}/`, file: path.relative(root, f.file), names });
    if (f.section === 'drills') {
      const parsed = DrillSchema.safeParse(f.data);
      if (parsed.success) drills.push({ id, targets: parsed.data.targets, maxAge: parsed.data.max_age });
    }
  }
  return { documents, drills };
}

/** Everything computeFindings needs, from a content folder as it is on disk now. */
export async function readFactsInput(contentPath: string, root = process.cwd(), now = new Date()): Promise<LabFactsInput> {
  const lab = readLab(contentPath, root);
  const { documents, drills } = await readDocuments(contentPath, root);
  return {
    lab,
    drills,
    journals: readJournals(contentPath, root),
    documents,
    sources: lab.snapshots.map((s) => s.source),
    now,
  };
}
