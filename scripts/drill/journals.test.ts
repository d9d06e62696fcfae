import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { definitionHash } from '../../src/lib/drills/definition-hash.ts';
import { readJournals } from '../../src/lib/drills/read-journals.ts';
import { loadSiteConfig } from '../../src/lib/site-config.ts';
import { EXAMPLE_DRILLS } from './example/drills.ts';
import { listDrills, readDrillFile } from './load-drill.ts';

/**
 * The journals the repository ships (content/lab/drills, written by real runs): each parses, names
 * a drill that exists, and either ran the drill as it is defined today or is reported as outdated
 * (its result then proves an older version of the drill; the site says so, the test only warns).
 */
describe('journals in content/lab/drills', () => {
  const root = path.join(import.meta.dirname, '../..');
  const { contentPath } = loadSiteConfig(root);
  const journals = readJournals(contentPath, root);
  const drills = listDrills(contentPath);

  it('parse, and each names a drill of content/drills', () => {
    for (const j of journals) expect(drills.has(j.drill), `${j.file}: no drill ${j.drill} in content/drills`).toBe(true);
  });

  it('ran the current definition of their drill, or are reported as outdated', () => {
    const outdated: string[] = [];
    for (const j of journals) {
      if (!drills.has(j.drill)) continue;
      const current = definitionHash(readDrillFile(j.drill, contentPath, root).data);
      expect(j.definitionHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      if (j.definitionHash !== current) outdated.push(`${j.file} (${j.outcome}, ${j.startedAt.slice(0, 10)})`);
    }
    if (outdated.length) console.warn(`Drill journals from an older version of their drill (their result proves that version):\n  ${outdated.join('\n  ')}`);
  });

  it('the hash sees a changed definition, and not a reordered one', () => {
    const { data } = readDrillFile('kill-pihole', contentPath, root);
    const reordered = Object.fromEntries(Object.entries(data).reverse());
    expect(definitionHash(reordered)).toBe(definitionHash(data));
    expect(definitionHash({ ...data, recovery: { timeout: '61s', poll_interval: '2s' } })).not.toBe(definitionHash(data));
  });

  it.each(EXAMPLE_DRILLS)('the example lab ships a real run of %s', (id) => {
    expect(journals.filter((j) => j.drill === id && j.origin === 'runner').length).toBeGreaterThan(0);
  });

  it('are finished runs: none is left running, each has an outcome and its rollback result', () => {
    for (const j of journals) {
      expect(j.outcome, j.file).not.toBe('running');
      expect(j.finishedAt, j.file).not.toBeNull();
      if (j.origin === 'runner') expect(j.events.some((e) => e.type === 'phase' && e.phase === 'done'), j.file).toBe(true);
    }
  });
});
