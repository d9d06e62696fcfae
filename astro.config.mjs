// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import path from 'node:path';
import { scarbook } from './src/integrations/scarbook.ts';
import { offline } from './src/integrations/offline.ts';
import { loadSiteConfig } from './src/lib/site-config.ts';
import { buildDirs } from './src/lib/build-dirs.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { contentLinks } from './src/markdown/content-links.ts';
import { hugoRefLinks } from './src/markdown/hugo-ref-links.ts';
import { leadHeading } from './src/markdown/lead-heading.ts';
import { taskListLabels } from './src/markdown/task-list-labels.ts';
import { satteriMermaid } from './src/mermaid/satteri-mermaid.ts';

const site = loadSiteConfig();
const base = process.env.SCARBOOK_BASE || '/';
const { outDir, cacheDir } = buildDirs(import.meta.dirname);

export default defineConfig({
  base,
  outDir,
  cacheDir,
  trailingSlash: 'ignore',
  build: {
    format: 'directory',
    inlineStylesheets: 'never',
    // One page at a time, Astro's main thread sat idle for about half of the page step, waiting
    // on each page's writes (the page, and its copy for the incremental build). Four in flight:
    // the 1k benchmark's page step took 10.0 and 10.0 s against 15.2 and 12.4 s, for the same
    // peak memory (Astro's largest RSS 754-854 MB against 770-850 MB).
    concurrency: 4,
  },
  server: { host: '127.0.0.1' },
  devToolbar: { enabled: false },
  // Pages whose key (src/lib/page-key.ts) is unchanged are copied from the last build, not rendered.
  experimental: { incrementalBuild: true },
  // The scarbook integration empties the output folder itself, keeping the pages of the last
  // build for the incremental build to keep (src/integrations/out-dir.ts).
  vite: { build: { emptyOutDir: false } },
  markdown: {
    // Sätteri, Astro's native Markdown pipeline (the default, and the fast one). GFM (tables,
    // task lists, footnotes, strikethrough, autolinks) is on; .mdx inherits this processor.
    processor: satteri({
      features: { gfm: true },
      mdastPlugins: [satteriMermaid, leadHeading],
      hastPlugins: [contentLinks({ contentPath: site.contentPath, base }), hugoRefLinks({ contentPath: site.contentPath, base }), taskListLabels],
    }),
    syntaxHighlight: { type: 'shiki', excludeLangs: ['mermaid'] },
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  integrations: [mdx(), scarbook({ contentPath: site.contentPath, cacheDir: path.join(cacheDir, 'scarbook-diagrams') }), offline()],
});
