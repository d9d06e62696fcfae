import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JournalSchema, type Journal } from '../../schemas/drill-journal.ts';
import { parseFrontmatter } from '../../schemas/format-error.ts';

/** Where a drill's journals live: `content/lab/drills/<drill id>/<timestamp>.json`. */
export function journalDir(contentPath: string, drillId?: string): string {
  const dir = path.join(contentPath, 'lab', 'drills');
  return drillId ? path.join(dir, drillId) : dir;
}

/**
 * Every drill journal under content/lab/drills, oldest first. A damaged journal fails loudly with
 * its file and field: a silently skipped run would make the lab look less tested than it was.
 */
export function readJournals(contentPath: string, root = process.cwd()): (Journal & { file: string })[] {
  const dir = journalDir(contentPath);
  if (!existsSync(dir)) return [];
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort();
  return files
    .map((f) => {
      const file = path.join(dir, f);
      const rel = path.relative(root, file);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new Error(`${rel} is not valid JSON (${(e as Error).message}). Drill journals are machine-written: restore it from Git, or delete it if the run never happened.`);
      }
      return { ...parseFrontmatter(JournalSchema, raw, rel), file: rel };
    })
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.file.localeCompare(b.file));
}
