import path from 'node:path';
import { entryId } from '../../src/lib/entry-id.ts';
import { deriveTitle } from '../../src/lib/titles.ts';
import { listContentFiles, readContentFile } from '../../src/lib/validate-content.ts';
import { parseFrontmatter } from '../../src/schemas/format-error.ts';
import { RunbookSchema, SectionSchema } from '../../src/schemas/runbook.ts';

export interface BookRunbook {
  /** Entry id, also the page path under `runbooks/`: `dns/dns-outage`. */
  id: string;
  title: string;
  description?: string;
  owner?: string;
  /** Folder id (`storage`), '' for the top level. */
  folder: string;
  /** Path relative to the project root, for messages. */
  file: string;
}

export interface BookFolder {
  folder: string;
  title: string;
  runbooks: BookRunbook[];
}

/**
 * The runbooks for the binder: `mode: production` only (a sandbox runbook, or one with no mode,
 * is not what to follow at 1am), grouped by folder and ordered as the site orders them
 * (folder, then `weight`, then title). Front matter is validated with the site's own schema.
 */
export async function productionRunbooks(contentPath: string, root = process.cwd()): Promise<BookFolder[]> {
  const runbooks: (BookRunbook & { weight: number })[] = [];
  const folderTitles = new Map<string, { title?: string; weight: number }>();
  const dir = path.join(contentPath, 'runbooks');
  for (const { section, file } of await listContentFiles(contentPath)) {
    if (section !== 'runbooks') continue;
    const relative = path.relative(dir, file);
    const entry = await readContentFile(section, file, root);
    const shown = path.relative(root, file);
    const id = entryId(relative);
    if (path.basename(file) === '_index.md') {
      const data = parseFrontmatter(SectionSchema, entry.data, shown);
      folderTitles.set(id.replace(/\/?_index$/, ''), { title: data.title, weight: data.weight ?? Number.MAX_SAFE_INTEGER });
      continue;
    }
    const data = parseFrontmatter(RunbookSchema, entry.data, shown);
    if (data.mode !== 'production') continue;
    runbooks.push({
      id,
      title: deriveTitle(data.title, entry.body, file, id),
      description: data.description,
      owner: data.owner,
      folder: id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : '',
      file: shown,
      weight: data.weight ?? Number.MAX_SAFE_INTEGER,
    });
  }
  runbooks.sort((a, b) => a.folder.localeCompare(b.folder) || a.weight - b.weight || a.title.localeCompare(b.title));
  const folders = new Map<string, BookFolder>();
  for (const { weight: _, ...runbook } of runbooks) {
    const folder = folders.get(runbook.folder) ?? { folder: runbook.folder, title: folderTitles.get(runbook.folder)?.title ?? (runbook.folder || 'Runbooks'), runbooks: [] };
    folder.runbooks.push(runbook);
    folders.set(runbook.folder, folder);
  }
  const weight = (f: BookFolder) => folderTitles.get(f.folder)?.weight ?? Number.MAX_SAFE_INTEGER;
  return [...folders.values()].sort((a, b) => weight(a) - weight(b) || a.folder.localeCompare(b.folder));
}
