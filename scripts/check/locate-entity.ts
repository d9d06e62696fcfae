import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Entity } from '../../src/schemas/lab.ts';

/**
 * Where a finding about a lab entity can point: its line in the snapshot of a source that saw it
 * (an annotation needs a file, not a folder). The lab folder when no snapshot has it.
 */
export function locateEntity(e: Pick<Entity, 'id' | 'aliases' | 'sources'>, contentPath: string, root: string): { file: string; line: number } {
  for (const source of e.sources) {
    const file = path.join(contentPath, 'lab', 'sources', `${source}.json`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const index = [e.id, ...e.aliases].map((id) => text.indexOf(`"${id}"`)).find((i) => i >= 0);
    return { file: path.relative(root, file), line: index === undefined ? 1 : text.slice(0, index).split('\n').length };
  }
  return { file: path.relative(root, path.join(contentPath, 'lab')), line: 1 };
}
