import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../run-command.ts';
import { coverageHistory } from './coverage-history.ts';
import { readDocuments } from './read-inputs.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const content = path.join(ROOT, 'content');

describe('coverageHistory of the example lab', () => {
  it('has one point per commit that changed the snapshots or journals, oldest first, each scored from that commit', async () => {
    const log = (await runCommand('git', ['log', '--format=%H', '--', 'content/lab/sources', 'content/lab/drills'], { cwd: ROOT })).split('\n').filter(Boolean);
    const points = await coverageHistory(content, await readDocuments(content, ROOT));
    expect(points.map((p) => p.commit)).toEqual(log.slice(0, 20).reverse());
    for (const p of points) {
      if (p.lab.score !== null) expect(p.lab.score).toBeGreaterThanOrEqual(0), expect(p.lab.score).toBeLessThanOrEqual(1);
    }
    // The newest point scores the committed snapshots; the example lab has production services then.
    expect(points.at(-1)?.lab.services).toBeGreaterThan(0);
  });

  it('is empty outside a Git checkout', async () => {
    expect(await coverageHistory('/', { documents: [], drills: [] })).toEqual([]);
  });
});
