import type { Loader } from 'astro/loaders';
import path from 'node:path';
import { readLab, readStatuses } from '../lib/lab/read-lab.ts';
import type { Edge } from '../schemas/lab.ts';

function push(map: Map<string, Edge[]>, key: string, edge: Edge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

/**
 * The lab graph as a content collection: one entry per entity, with the edges that leave and
 * reach it, merged from `content/lab/sources/*.json` at build time. Modelled on Astro's `file()`
 * loader: parse with the collection schema, store with a digest, clear what is gone, watch in dev.
 */
export function labEntities(options: { contentPath: string }): Loader {
  return {
    name: 'scarbook-lab-entities',
    load: async ({ store, parseData, generateDigest, watcher, logger }) => {
      const sync = async () => {
        const graph = readLab(options.contentPath);
        store.clear();
        // Each entity's edges from adjacency lists built in one pass: filtering every edge for
        // every entity was quadratic (150,000 entities × 300,000 edges at fleet size).
        const out = new Map<string, Edge[]>();
        const into = new Map<string, Edge[]>();
        for (const e of graph.edges) {
          push(out, e.from, e);
          push(into, e.to, e);
        }
        for (const entity of graph.entities) {
          const data = await parseData({
            id: entity.id,
            data: { ...entity, out: out.get(entity.id) ?? [], in: into.get(entity.id) ?? [] },
          });
          store.set({ id: entity.id, data, digest: generateDigest(data) });
        }
        logger.info(`${graph.entities.length} lab entities, ${graph.edges.length} edges from ${graph.snapshots.length} source snapshot(s)`);
      };
      await sync();
      const labDir = path.join(options.contentPath, 'lab');
      watcher?.add(labDir);
      watcher?.on('change', (file) => {
        if (file.startsWith(labDir) || file.includes(`${path.sep}services${path.sep}`)) void sync();
      });
    },
  } satisfies Loader;
}

/** One entry per configured source: its state, last success and last error, for stale banners. */
export function labSources(options: { contentPath: string }): Loader {
  return {
    name: 'scarbook-lab-sources',
    load: async ({ store, parseData, generateDigest }) => {
      store.clear();
      // Statuses only: merging every snapshot again here would repeat the entities loader's work.
      for (const status of readStatuses(options.contentPath)) {
        const data = await parseData({ id: status.name, data: status });
        store.set({ id: status.name, data, digest: generateDigest(data) });
      }
    },
  } satisfies Loader;
}
