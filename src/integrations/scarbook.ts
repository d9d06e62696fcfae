import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { releasePageData } from '../lib/page-data.ts';
import { checkContent, VALID_CONTENT } from '../lib/valid-content.ts';
import { dataStoreFromFile } from './data-store-file.ts';
import { finishBuild } from './finish-build.ts';
import { FINISHED_PAGES } from './finished-pages.ts';
import { writeFinishJob } from './finish-job.ts';
import { FINISH_JOB_ENV } from './finish-job-env.ts';
import { noDepOptimizer } from './no-dep-optimizer.ts';
import { pruneOldPages, startBuild, UNFINISHED_MARK } from './out-dir.ts';
import { SEARCH_MANIFEST } from './search-manifest.ts';

export interface ScarbookOptions {
  contentPath: string;
  /** Where rendered diagrams are cached between builds. */
  cacheDir: string;
}

/**
 * Scarbook's build steps around Astro: validate content before anything renders, then finish the
 * written pages (diagrams, search index, offline copy): here, or in `npm run build`'s own process.
 * Each hook delegates to a plain function tests can call.
 */
export function scarbook(options: ScarbookOptions): AstroIntegration {
  let base = '/';
  let dirs = { root: '', out: '', cache: '', public: '' };
  return {
    name: 'scarbook',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
        dirs = { root: fileURLToPath(config.root), out: fileURLToPath(config.outDir), cache: fileURLToPath(config.cacheDir), public: fileURLToPath(config.publicDir) };
      },
      'astro:build:start': ({ logger }) => {
        logger.info(`output folder: ${startBuild(dirs.out, dirs.cache)}`);
      },
      'astro:config:setup': async ({ command, config, logger, updateConfig }) => {
        if (command !== 'build') return;
        // Astro's store file (astro/dist/content/paths.js: data-store.json in the cache folder when building).
        const store = fileURLToPath(new URL('data-store.json', config.cacheDir));
        let told = false;
        const plugin = dataStoreFromFile(store, () => {
          if (!told) logger.info('content data store: read from data-store.json while the pages render, not bundled');
          told = true;
        });
        updateConfig({ vite: { plugins: [plugin, noDepOptimizer()] } });
        // Files unchanged since the last build found them valid are not read (valid-content.ts).
        const { files, checked, errors } = await checkContent(options.contentPath, fileURLToPath(config.root), fileURLToPath(new URL(VALID_CONTENT, config.cacheDir)));
        if (errors.length) {
          throw new Error(`${errors.length} content file(s) have invalid front matter:\n\n${errors.map((e) => e.message).join('\n\n')}`);
        }
        logger.info(`${files} content files valid${checked < files ? ` (${files - checked} unchanged since the last build)` : ''}`);
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        const written = new Set([...assets.values()].flat().map((url) => fileURLToPath(url)));
        const removed = pruneOldPages(dirs.out, written, dirs.public);
        if (removed.length) logger.info(`${removed.length} page(s) of the last build removed: ${removed.slice(0, 5).join(', ')}${removed.length > 5 ? ', …' : ''}`);
        const job = {
          dir: fileURLToPath(dir),
          base,
          cacheDir: options.cacheDir,
          unfinishedMark: path.join(dirs.cache, UNFINISHED_MARK),
          searchManifest: path.join(dirs.cache, SEARCH_MANIFEST),
          finishedPages: path.join(dirs.cache, FINISHED_PAGES),
          root: dirs.root,
          contentPath: options.contentPath,
        };
        const handOver = process.env[FINISH_JOB_ENV];
        if (handOver) {
          // npm run build finishes in a process of its own, once this one has exited.
          await writeFinishJob(handOver, job);
          logger.info('pages written; diagrams, search index and offline copy come next, outside Astro');
          return;
        }
        // Every page is written: the lab graph and the architecture facts can go before Chromium and Pagefind start.
        releasePageData();
        await finishBuild(job, (m) => logger.info(m));
      },
    },
  };
}
