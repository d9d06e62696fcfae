import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The comparison baseline: a bare Astro project (content collection of the same Markdown, one
 * page template, Astro's default Markdown and Shiki) indexed by the Pagefind CLI. Written as
 * strings, not template files, so the project's type check never sees `astro:content` outside a site.
 */
const FILES: Record<string, string> = {
  'package.json': '{ "name": "bare-astro-pagefind", "private": true, "type": "module" }\n',
  'astro.config.mjs': `import { defineConfig } from 'astro/config';
export default defineConfig({ outDir: process.env.BARE_OUT_DIR, cacheDir: process.env.BARE_CACHE_DIR, build: { format: 'directory' }, devToolbar: { enabled: false } });
`,
  'src/content.config.ts': `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
const base = process.env.BARE_CONTENT_DIR;
export const collections = {
  docs: defineCollection({ loader: glob({ base, pattern: ['runbooks/**/*.md', 'decisions/**/*.md', 'drills/**/*.md'] }) }),
};
`,
  'src/pages/[...slug].astro': `---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  const docs = await getCollection('docs');
  return docs.map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}
const { entry } = Astro.props;
const { Content } = await render(entry);
---
<html lang="en">
  <head><meta charset="utf-8" /><title>{entry.data.title ?? entry.id}</title></head>
  <body><main data-pagefind-body><Content /></main></body>
</html>
`,
};

/** Writes the bare project into `dir`, resolving `astro` from this repository's node_modules. */
export function writeBareProject(dir: string, root: string): void {
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}
