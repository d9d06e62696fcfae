/**
 * The site's search index is two Pagefind bundles, which the browser searches as one (Pagefind's
 * `mergeIndex`, see Search.astro): the documents people write, and the pages drawn from the lab.
 *
 * Pagefind can neither add a page to an index it wrote nor take one out, so every build used to
 * write the whole index again. At the fleet benchmark's size that was ~50 s of a ~105 s rebuild
 * after one runbook edit, to index again 7,000 host pages the edit had not touched. The two halves
 * change apart: a runbook edit leaves the lab's pages as they were, and a scheduled pull of the lab
 * leaves the documents. A bundle whose pages are all as the last build indexed them, in the files
 * it wrote, is kept as it is (search-index.ts).
 *
 * Results of both are ranked together by Pagefind's score; each bundle weighs its words against its
 * own pages only, which suits two kinds of page that read so differently.
 */
export const SEARCH_BUNDLES = ['documents', 'lab'] as const;
export type SearchBundle = (typeof SEARCH_BUNDLES)[number];

/**
 * Each bundle's folder inside the site. The documents' is the primary bundle: the browser loads
 * Pagefind's scripts, wasm and UI from it; the lab's holds its index alone, or its index and
 * Pagefind's script and wasm when it must lead, the documents' having no pages (pruneSearchFiles
 * in search-files.ts, Search.astro).
 */
export const SEARCH_FOLDERS: Readonly<Record<SearchBundle, string>> = { documents: 'pagefind', lab: 'pagefind-lab' };
export const PRIMARY_BUNDLE: SearchBundle = 'documents';

/** The bundle a page of the site (path inside it, with `/`) is indexed in. */
export function bundleOf(file: string): SearchBundle {
  return file.startsWith('lab/') ? 'lab' : 'documents';
}

/** Whether a file of the site (path inside it, with `/`) is in a search bundle's folder. */
export function inSearchFolder(file: string): boolean {
  return SEARCH_BUNDLES.some((bundle) => file.startsWith(`${SEARCH_FOLDERS[bundle]}/`));
}
