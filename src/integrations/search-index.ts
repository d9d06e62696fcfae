import path from 'node:path';
import * as pagefind from 'pagefind';

/** Pagefind reports problems in an `errors` array instead of throwing: check it on every call. */
function check(step: string, errors: string[]): void {
  if (errors.length) throw new Error(`Pagefind could not ${step}:\n  ${errors.join('\n  ')}`);
}

/**
 * Indexes the built site with Pagefind's Node API and writes `pagefind/` into it. Only
 * `data-pagefind-body` regions (content articles) are indexed, never navigation.
 */
export async function buildSearchIndex(dir: string): Promise<{ pages: number }> {
  const created = await pagefind.createIndex({ forceLanguage: 'en' });
  try {
    check('start', created.errors);
    const index = created.index!;
    const added = await index.addDirectory({ path: dir });
    check(`index ${dir}`, added.errors);
    const written = await index.writeFiles({ outputPath: path.join(dir, 'pagefind') });
    check('write the index', written.errors);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
