import { existsSync } from 'node:fs';
import type { Plugin } from 'vite';

/** Astro's id for its content data store module, resolved (astro/dist/content/consts.js). */
const DATA_STORE_MODULE = '\0astro:data-layer-content';

/**
 * `astro build` only: the content data store is read from Astro's own file at run time instead of
 * being copied into the bundle as one string.
 *
 * Astro writes the store (every document's front matter, body and rendered HTML) to
 * `<cacheDir>/data-store.json`, then inlines it in the server bundle as one JavaScript string
 * literal: 15 MB on the 1,000-runbook benchmark, which Vite carried through its build and Node
 * then had to compile before the first page (~0.5 s of V8 scanning the literal, measured in a CPU
 * profile of a rebuild), holding the source in memory besides. The pages are rendered on this
 * machine during the build, right after Astro wrote that file, so reading it there is the same
 * data. A static site needs the store only while its pages render; nothing of it ships.
 *
 * The module keeps Astro's mark that it is content data, which the incremental build leaves out
 * of every page's code hash (each page's key covers its content, src/lib/page-key.ts).
 *
 * It is loaded here before Astro's own plugin is asked (both are `enforce: 'pre'`, Astro's comes
 * first, so the hook is ordered `pre`). Replacing Astro's module afterwards, as this did first, let
 * Astro still read the file, parse all of it to check it and quote it into a string literal, at
 * the start of the Vite step, where Astro's process was at its largest. On the 1k benchmark, cold:
 * Vite's step 0.47-0.60 s instead of ~1.0 s, and Astro's process at most 500-530 MiB there instead
 * of 576-760 MiB (PSS, sampled every 0.3 s; three builds each).
 *
 * `onReplaced` is called when the module is replaced, for the build log: an Astro that loads the
 * store some other way would silently bring the string back (tests/build/incremental.test.ts).
 */
export function dataStoreFromFile(file: string, onReplaced: () => void = () => undefined): Plugin {
  return {
    name: 'scarbook:data-store-from-file',
    apply: 'build',
    enforce: 'pre',
    load: {
      order: 'pre',
      handler(id) {
        // No file (no content collections): Astro's own module, an empty Map.
        if (id !== DATA_STORE_MODULE || !existsSync(file)) return null;
        onReplaced();
        return {
          code: `import { readFileSync } from 'node:fs';\nexport default JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));\n`,
          map: null,
          meta: { astroIncremental: { kind: 'content-data' } },
        };
      },
    },
  };
}
