import path from 'node:path';
import { decisionNumber } from '../../src/schemas/common.ts';
import { entryId } from '../../src/lib/entry-id.ts';
import type { ContentFile } from '../../src/lib/validate-content.ts';
import type { Problem } from './links.ts';

/** Line of the first front matter line that mentions `needle`, so the report points near the value. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  return i === -1 ? 1 : i + 1;
}

/**
 * Front matter that names other documents (a runbook's `decisions`, an incident's
 * `follow_up`) must name ones that exist: a dangling reference is a broken link too.
 */
export function checkReferences(files: (ContentFile & { text: string })[], contentPath: string, root: string): Problem[] {
  const decisions = new Set(
    files.filter((f) => f.section === 'decisions').map((f) => decisionNumber(path.basename(f.file).match(/^(\d+)[-_]/)?.[1] ?? '')).filter(Boolean),
  );
  const runbooks = new Set(files.filter((f) => f.section === 'runbooks').map((f) => entryId(path.relative(path.join(contentPath, 'runbooks'), f.file))));
  const drills = new Set(files.filter((f) => f.section === 'drills').map((f) => entryId(path.relative(path.join(contentPath, 'drills'), f.file))));
  const problems: Problem[] = [];
  for (const f of files) {
    const report = (needle: string, message: string) => problems.push({ file: path.relative(root, f.file), line: lineOf(f.text, needle), column: 1, message });
    const data = f.data as { decisions?: unknown; supersedes?: unknown; follow_up?: { decisions?: unknown; runbooks?: unknown }; exercised_by?: unknown; confirmed_by?: unknown };
    const decisionRefs = [data.decisions, data.supersedes, data.follow_up?.decisions].flatMap((v) => (Array.isArray(v) ? v : []));
    for (const ref of decisionRefs) {
      const n = decisionNumber(ref as string | number);
      if (n && !decisions.has(n)) report(String(ref), `names decision ${JSON.stringify(ref)}, but no file in decisions/ is numbered ${n}`);
    }
    for (const ref of Array.isArray(data.follow_up?.runbooks) ? (data.follow_up.runbooks as unknown[]) : []) {
      if (!runbooks.has(entryId(String(ref)))) report(String(ref), `follow_up.runbooks names ${JSON.stringify(ref)}, but there is no runbook with that id (path under runbooks/ without extension)`);
    }
    // A runbook or decision claiming drill evidence must name a drill that exists, or the page shows a promise nobody keeps.
    for (const field of ['exercised_by', 'confirmed_by'] as const) {
      const value = data[field];
      for (const ref of typeof value === 'string' ? [value] : Array.isArray(value) ? value : []) {
        if (!drills.has(entryId(String(ref)))) report(String(ref), `${field} names drill ${JSON.stringify(ref)}, but there is no drill with that id (path under drills/ without extension)`);
      }
    }
  }
  return problems;
}
