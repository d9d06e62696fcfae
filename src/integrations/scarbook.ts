import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagramCache } from '../mermaid/diagram-cache.ts';
import { findChromium } from '../mermaid/find-chromium.ts';
import { DiagramPrefetch } from '../mermaid/prefetch.ts';
import { renderDiagrams } from '../mermaid/render-diagrams.ts';
import { releasePageData } from '../lib/page-data.ts';
import { validateContent } from '../lib/validate-content.ts';
import { buildSearchIndex } from './search-index.ts';

export interface ScarbookOptions {
  contentPath: string;
  /** Where rendered diagrams are cached between builds. */
  cacheDir: string;
}

/**
 * Scarbook's build steps around Astro: validate content before anything renders, then render
 * diagrams and index the finished pages. Each hook delegates to a plain function tests can call.
 */
export function scarbook(options: ScarbookOptions): AstroIntegration {
  let base = '/';
  let prefetch: DiagramPrefetch | undefined;
  return {
    name: 'scarbook',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:config:setup': async ({ command, logger }) => {
        if (command !== 'build') return;
        const { files, errors } = await validateContent(options.contentPath);
        if (errors.length) {
          throw new Error(`${errors.length} content file(s) have invalid front matter:\n\n${errors.map((e) => e.message).join('\n\n')}`);
        }
        logger.info(`${files.length} content files valid`);
        // Diagrams start rendering as soon as content sync and page generation make them.
        // A bad SCARBOOK_CHROMIUM is reported by the post-build pass, with what to do about it.
        const chromium = (() => { try { return findChromium(); } catch { return null; } })();
        if (chromium) prefetch = new DiagramPrefetch({ cache: new DiagramCache(options.cacheDir), chromium, log: (m) => logger.info(m) }).install();
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const started = performance.now();
        releasePageData();
        if (prefetch) {
          await prefetch.stop();
          if (prefetch.rendered > 0) logger.info(`${prefetch.rendered} diagram(s) rendered while the pages were built`);
          prefetch = undefined;
        }
        await renderDiagrams({ dir: out, cacheDir: options.cacheDir, base, log: (m) => logger.info(m) });
        const search = await buildSearchIndex(out);
        logger.info(`search index: ${search.pages} pages in ${path.relative(process.cwd(), out) || '.'}/pagefind (${Math.round(performance.now() - started)} ms with diagrams)`);
      },
    },
  };
}
