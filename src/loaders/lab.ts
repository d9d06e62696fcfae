import type { Loader } from 'astro/loaders';
import path from 'node:path';
import { readLab, readStatuses } from '../lib/lab/read-lab.ts';

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
        for (const entity of graph.entities) {
          const data = await parseData({
            id: entity.id,
            data: { ...entity, out: graph.edges.filter((e) => e.from === entity.id), in: graph.edges.filter((e) => e.to === entity.id) },
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
