/**
 * What Pagefind is given of a page: its indexed part, with the words of neighbouring blocks kept apart.
 *
 * - **Words kept apart.** Pagefind runs together the text of elements it does not take for blocks:
 *   `<dt>OS</dt><dd>Debian</dd>` was indexed as the one word "OSDebian", so a search for "Debian"
 *   or a kernel version missed every host page (and a `<summary>` ran into its content, a code
 *   block into what followed). The browser draws these as blocks; a space after each of their tags
 *   keeps the words apart in what is indexed. The page itself is not changed.
 * - **Only the indexed part.** Pagefind reads only the `data-pagefind-body` element of a page that
 *   has one, yet parses all of it: navigation, diagrams' SVG, the head. Given the `<html>` tag, the
 *   title and that element, it wrote the same index, file for file, for the 1,000-runbook
 *   benchmark's 1,144 indexed pages, half the bytes (34 → 18 MB), in 2.5 s instead of 3.1 s. A
 *   page that carries Pagefind attributes outside that element (but `data-pagefind-ignore`), or
 *   whose element cannot be cut out cleanly (the same tag nested in it), is given whole.
 */
const BLOCK_TAGS = /<\/?(?:address|aside|caption|dd|details|dl|dt|figcaption|figure|footer|header|hr|legend|ol|pre|summary|tr|ul)\b[^>]*>/g;

export const PAGEFIND_BODY = 'data-pagefind-body';

/** The element holding `data-pagefind-body`, as [start, end) offsets, when it can be cut out cleanly. */
function bodyElement(html: string): [number, number] | undefined {
  const at = html.indexOf(PAGEFIND_BODY);
  const start = html.lastIndexOf('<', at);
  const tag = /^<([a-z][a-z0-9-]*)\s/i.exec(html.slice(start, at))?.[1];
  if (!tag || html.indexOf(PAGEFIND_BODY, at + 1) !== -1) return undefined;
  const close = `</${tag}>`;
  const end = html.indexOf(close, at);
  if (end === -1 || new RegExp(`<${tag}[\\s>]`, 'i').test(html.slice(at, end))) return undefined;
  const outside = html.slice(0, start) + html.slice(end + close.length);
  // Regions ignored outside the body are ignored anyway; a filter, meta or sort there is not.
  return /data-pagefind-(?!ignore\b)/.test(outside) ? undefined : [start, end + close.length];
}

/** The HTML to hand Pagefind for a page with a `data-pagefind-body` element. */
export function indexedHtml(html: string): string {
  const cut = bodyElement(html);
  const part = cut
    ? `<!doctype html>${/<html\b[^>]*>/i.exec(html)?.[0] ?? '<html>'}<head><meta charset="utf-8">${/<title>[^<]*<\/title>/i.exec(html)?.[0] ?? ''}</head><body>${html.slice(...cut)}</body></html>`
    : html;
  return part.replace(BLOCK_TAGS, '$& ');
}
