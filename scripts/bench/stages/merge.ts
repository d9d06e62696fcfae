/**
 * Bench stage: reads the snapshots a pull wrote and merges them, as the site build does, in a
 * process of its own so its time and memory are measured alone. Prints one JSON line.
 */
import { findDrift } from '../../../src/lib/lab/drift.ts';
import { readLab } from '../../../src/lib/lab/read-lab.ts';

const contentPath = process.argv[2];
if (!contentPath) {
  console.error('usage: node scripts/bench/stages/merge.ts <content folder>');
  process.exit(2);
}
const started = performance.now();
const lab = readLab(contentPath);
const drift = findDrift(lab.entities, lab.snapshots);
const ms = performance.now() - started;
console.log(JSON.stringify({ entities: lab.entities.length, edges: lab.edges.length, drift: drift.length, ms }));
