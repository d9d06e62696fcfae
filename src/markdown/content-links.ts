import { fileURLToPath } from 'node:url';
import type { HastPluginDefinition } from 'satteri';
import { resolveFileLink, targetUrl } from '../lib/content-links.ts';

/**
 * Authors link files (`../storage/restore-postgres.md#verify`) so links work on GitHub too;
 * this rewrites them to page URLs. `npm run check` reports the ones that lead nowhere.
 */
export function contentLinks(options: { contentPath: string; base: string }): HastPluginDefinition {
  return {
    name: 'scarbook-content-links',
    element: {
      filter: ['a'],
      visit(node, ctx) {
        const href = node.properties?.href;
        if (typeof href !== 'string' || !ctx.fileURL) return;
        const target = resolveFileLink(fileURLToPath(ctx.fileURL), href, options.contentPath);
        if (target) ctx.setProperty(node, 'href', targetUrl(target, options.base));
      },
    },
  };
}
