import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Edge, Entity } from '../../schemas/lab.ts';
import { writeFileAtomicSync } from '../atomic-write.ts';
import { addFiles } from '../file-digest.ts';
import { readLab } from './read-lab.ts';

/** What pages use of the merged lab (readLab also returns the snapshots it merged). */
export interface MergedLab {
  entities: Entity[];
  edges: Edge[];
}

/** Bumped when the cache file's layout changes. */
const FORMAT = 'scarbook-lab-graph 1';

/**
 * A digest of everything the merge depends on: every file readLab reads (the snapshots, the pull
 * status, sources.yaml, the service annotations), byte for byte; where they are (the evidence of
 * a declared fact names its file from the root); and our source code (src/), which holds the
 * merge and the schemas it validates with.
 */
export function labInputsDigest(contentPath: string, root: string): string {
  const hash = createHash('sha256').update(`${FORMAT}\0${root}\0${contentPath}\0`);
  for (const input of ['lab', 'services']) addFiles(hash, path.join(contentPath, input), root);
  addFiles(hash, path.join(root, 'src'), root);
  return hash.digest('hex');
}

/** The file's text in pieces of about a megabyte: the fleet's graph is ~175 MB of JSON. */
function* cacheText(key: string, lab: MergedLab): Generator<string> {
  yield `${key}\n`;
  for (const part of ['entities', 'edges'] as const) {
    let piece = part === 'entities' ? '{"entities":[' : '],"edges":[';
    for (const [i, item] of lab[part].entries()) {
      piece += (i ? ',' : '') + JSON.stringify(item);
      if (piece.length > 1 << 20) {
        yield piece;
        piece = '';
      }
    }
    yield piece;
  }
  yield ']}\n';
}

/**
 * The merged lab graph, kept between builds in `cacheFile` (Astro's cache folder).
 *
 * Why: readLab validates every snapshot and merges them, on every build. At the fleet benchmark's
 * size (6,622 snapshots, 154,000 entities) that took 7.5 s of each rebuild, whatever was edited;
 * reading the merged graph back takes 0.8 s, hashing its inputs a fraction of that. A pull, an
 * edit of a service annotation or a change of our code changes the digest, and the lab is merged
 * again: a cached graph never outlives what it was merged from.
 */
export function readLabCached(contentPath: string, root: string, cacheFile: string): { lab: MergedLab; cached: boolean } {
  const key = labInputsDigest(contentPath, root);
  try {
    const text = readFileSync(cacheFile, 'utf8');
    const eol = text.indexOf('\n');
    if (text.slice(0, eol) === key) return { lab: JSON.parse(text.slice(eol + 1)) as MergedLab, cached: true };
  } catch {
    // No cache yet, or one cut short (a full disk): merge, and write it again.
  }
  const { entities, edges } = readLab(contentPath, root);
  const lab = { entities, edges };
  try {
    writeFileAtomicSync(cacheFile, cacheText(key, lab), { fsync: false });
  } catch {
    // A cache that cannot be written costs the next build the merge, nothing else.
  }
  return { lab, cached: false };
}
