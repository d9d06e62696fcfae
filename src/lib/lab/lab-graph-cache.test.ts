import { cpSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabCached } from './lab-graph-cache.ts';
import { readLab } from './read-lab.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The example lab (real recorded snapshots), copied so that it can be edited. */
function exampleLab(): { content: string; cache: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-lab-cache-'));
  const content = path.join(dir, 'content');
  for (const part of ['lab', 'services']) cpSync(path.join(ROOT, 'content', part), path.join(content, part), { recursive: true });
  return { content, cache: path.join(dir, 'cache', 'lab-graph.json') };
}

const merged = (content: string) => {
  const { entities, edges } = readLab(content, ROOT);
  return { entities, edges };
};

describe('readLabCached', () => {
  it('merges the lab once, then reads the same graph back', () => {
    const { content, cache } = exampleLab();
    const first = readLabCached(content, ROOT, cache);
    expect(first.cached).toBe(false);
    expect(first.lab).toEqual(merged(content));
    expect(first.lab.entities.length).toBeGreaterThan(50);
    const again = readLabCached(content, ROOT, cache);
    expect(again.cached).toBe(true);
    expect(again.lab).toEqual(first.lab);
  });

  it('merges again after a pull changes a snapshot, and after a service annotation is edited', () => {
    const { content, cache } = exampleLab();
    readLabCached(content, ROOT, cache);
    const snapshot = path.join(content, 'lab/sources/docker-nas.json');
    writeFileSync(snapshot, readFileSync(snapshot, 'utf8').replace('"status": "running"', '"status": "exited"'));
    const pulled = readLabCached(content, ROOT, cache);
    expect(pulled.cached).toBe(false);
    expect(pulled.lab).toEqual(merged(content));
    expect(pulled.lab.entities.some((e) => e.sources.includes('docker-nas') && e.status === 'exited')).toBe(true);
    expect(readLabCached(content, ROOT, cache).cached).toBe(true);

    const annotation = path.join(content, 'services/pihole.md');
    writeFileSync(annotation, `${readFileSync(annotation, 'utf8')}\n`);
    expect(readLabCached(content, ROOT, cache).cached).toBe(false);
  });

  it('merges again, and mends the file, when the cache was cut short', () => {
    const { content, cache } = exampleLab();
    readLabCached(content, ROOT, cache);
    truncateSync(cache, Math.floor(readFileSync(cache).length / 2));
    const mended = readLabCached(content, ROOT, cache);
    expect(mended.cached).toBe(false);
    expect(mended.lab).toEqual(merged(content));
    expect(readLabCached(content, ROOT, cache).cached).toBe(true);
  });
});
