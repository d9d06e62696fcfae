import type { Loader } from 'astro/loaders';
import { readStatuses } from '../lib/lab/read-lab.ts';

/** One entry per configured source: its state, last success and last error, for stale banners. */
export function labSources(options: { contentPath: string }): Loader {
  return {
    name: 'scarbook-lab-sources',
    load: async ({ store, parseData, generateDigest }) => {
      store.clear();
      // Statuses only: pages read the merged graph itself through getLab() (src/lib/lab-content.ts).
      for (const status of readStatuses(options.contentPath)) {
        const data = await parseData({ id: status.name, data: status });
        store.set({ id: status.name, data, digest: generateDigest(data) });
      }
    },
  } satisfies Loader;
}
