import type { MdastPluginDefinition } from 'satteri';
import { mermaidPlaceholder } from './diagram-markup.ts';
import { isMermaidLang } from './remark-mermaid.ts';

/**
 * The same transformation as remark-mermaid, for Sätteri, Astro 7's default
 * Markdown processor (it does not run remark plugins):
 *
 *   markdown: { processor: satteri({ mdastPlugins: [satteriMermaid] }) }
 *
 * Markdown gets the exact placeholder as raw HTML. MDX cannot hold raw HTML,
 * and Sätteri's `{ raw }` escape hatch re-parses the text as Markdown (blank
 * lines inside the diagram would split it), so there the code node is instead
 * re-tagged as a <pre class="mermaid" data-diagram-source> element whose text
 * is the untouched source; it serialises to equivalent HTML.
 */
export const satteriMermaid: MdastPluginDefinition = {
  name: 'scarbook-mermaid',
  code(node, ctx) {
    if (!isMermaidLang(node.lang)) return;
    if (ctx.sourceFormat === 'mdx') {
      ctx.setProperty(node, 'data', {
        hName: 'pre',
        // '' rather than true: Astro renders an empty string as a bare attribute,
        // matching mermaidPlaceholder() (text escaping may differ; the renderer decodes either).
        hProperties: { className: ['mermaid'], dataDiagramSource: '' },
        hChildren: [{ type: 'text', value: node.value }],
      });
    } else {
      ctx.replaceNode(node, { type: 'html', value: mermaidPlaceholder(node.value) });
    }
  },
};

export default satteriMermaid;
