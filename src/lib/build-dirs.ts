import path from 'node:path';

/**
 * Where a build writes: Astro's output folder and its cache folder (both kept between builds).
 * astro.config.mjs and `npm run build` (which starts work before Astro reads its config) take them
 * from here, so both agree. Tests build several sites side by side, each into its own folders.
 */
export function buildDirs(root: string, env: NodeJS.ProcessEnv = process.env): { outDir: string; cacheDir: string } {
  return {
    outDir: path.resolve(root, env['SCARBOOK_OUT_DIR'] || 'dist'),
    cacheDir: path.resolve(root, env['SCARBOOK_CACHE_DIR'] || 'node_modules/.astro'),
  };
}
