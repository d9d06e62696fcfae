import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { releasePageData } from '../lib/page-data.ts';
import { renderDiagrams } from '../mermaid/render-diagrams.ts';
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
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const started = performance.now();
        // Every page is written: the lab graph and the architecture facts can go before Chromium and Pagefind start.
        releasePageData();
        await renderDiagrams({ dir: out, cacheDir: options.cacheDir, base, log: (m) => logger.info(m) });
        const search = await buildSearchIndex(out);
        logger.info(`search index: ${search.pages} pages in ${path.relative(process.cwd(), out) || '.'}/pagefind (${Math.round(performance.now() - started)} ms with diagrams)`);
      },
    },
  };
}
