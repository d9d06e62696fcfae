import GithubSlugger from 'github-slugger';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';

/**
 * The anchor ids the site gives a document's headings: github-slugger over the headings in
 * order, as Astro does, minus a leading `# Title` (lifted out of the body by lead-heading.ts).
 */
export function headingSlugs(tree: Root): Set<string> {
  const slugger = new GithubSlugger();
  const slugs = new Set<string>();
  const first = tree.children.find((n) => n.type !== 'html');
  for (const node of tree.children) {
    if (node.type !== 'heading' || (node === first && node.depth === 1)) continue;
    slugs.add(slugger.slug(toString(node)));
  }
  // Explicit anchors (`<a id="x">`, `<span id="x">`) written as raw HTML are targets too.
  for (const node of tree.children) {
    if (node.type === 'html') for (const m of node.value.matchAll(/\bid=["']([^"']+)["']/g)) slugs.add(m[1]!);
  }
  return slugs;
}
