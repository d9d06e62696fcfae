import type { Html, Nodes, Root } from 'mdast';
import type { Plugin } from 'unified';
import { mermaidPlaceholder } from './diagram-markup.ts';

export { mermaidPlaceholder };

export function isMermaidLang(lang: string | null | undefined): boolean {
  return lang?.toLowerCase() === 'mermaid';
}

/**
 * Swap ```mermaid code for raw-HTML placeholders in place. Written as a plain
 * walk (no unist-util-visit) so the plugin has no runtime dependency beyond
 * what unified itself hands us.
 */
export function replaceMermaidCode(node: Nodes): void {
  if (!('children' in node)) return;
  const children: Nodes[] = node.children;
  for (let i = 0; i < children.length; i += 1) {
    const child = children[i];
    if (child === undefined) continue;
    if (child.type === 'code' && isMermaidLang(child.lang)) {
      const html: Html = { type: 'html', value: mermaidPlaceholder(child.value) };
      if (child.position) html.position = child.position;
      children[i] = html;
    } else {
      replaceMermaidCode(child);
    }
  }
}

/**
 * remark plugin: ```mermaid blocks become `<pre class="mermaid" data-diagram-source>`
 * so Shiki never highlights them and renderDiagrams() can find them after the build.
 * Needs `allowDangerousHtml` through remark-rehype (Astro's unified processor sets it).
 */
const remarkMermaid: Plugin<[], Root> = function () {
  return (tree: Root) => {
    replaceMermaidCode(tree);
  };
};

export default remarkMermaid;
