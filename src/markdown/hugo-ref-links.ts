import { fileURLToPath } from 'node:url';
import type { HastPluginDefinition } from 'satteri';
import { resolveFileLink, targetUrl } from '../lib/content-links.ts';

/**
 * Runbook collections written for Hugo link with a shortcode: `[text]({{< ref "./X.md" >}})`.
 * CommonMark cannot read that as a link (a destination may not contain spaces), so it arrives
 * as text. Turning it into a real link lets such a collection be imported with no edits.
 * Quotes may already be curly here: smart punctuation runs first.
 */
export const HUGO_REF = /\[([^\]]+)\]\(\{\{[<%]\s*(?:rel)?ref\s+["“”]([^"“”]+)["“”]\s*[>%]\}\}\)/g;

export function hugoRefLinks(options: { contentPath: string; base: string }): HastPluginDefinition {
  return {
    name: 'scarbook-hugo-ref-links',
    text(node, ctx) {
      if (!node.value.includes('{{') || !ctx.fileURL) return;
      const from = fileURLToPath(ctx.fileURL);
      const parts: ({ type: 'text'; value: string } | { type: 'element'; tagName: 'a'; properties: { href: string }; children: { type: 'text'; value: string }[] })[] = [];
      let last = 0;
      for (const m of node.value.matchAll(HUGO_REF)) {
        const target = resolveFileLink(from, m[2]!, options.contentPath);
        if (!target) continue;
        parts.push({ type: 'text', value: node.value.slice(last, m.index) });
        parts.push({ type: 'element', tagName: 'a', properties: { href: targetUrl(target, options.base) }, children: [{ type: 'text', value: m[1]! }] });
        last = m.index! + m[0].length;
      }
      if (parts.length === 0) return;
      parts.push({ type: 'text', value: node.value.slice(last) });
      ctx.replaceNode(node, parts.filter((p) => p.type !== 'text' || p.value));
    },
  };
}
