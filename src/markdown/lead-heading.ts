import type { MdastPluginDefinition } from 'satteri';

/**
 * Markdown written for GitHub, MADR or Hugo opens with `# Title`. The page template renders
 * the heading itself (above the facts box), so the body's leading h1 is lifted out into the
 * `leadHeading` front matter value (Astro's `remarkPluginFrontmatter`) instead of appearing twice.
 */
export const leadHeading: MdastPluginDefinition = {
  name: 'scarbook-lead-heading',
  before(root, ctx) {
    // Front matter and comments (licence headers) do not count as the start of the content.
    const first = root.children.find((n) => !(n.type === 'yaml' || n.type === 'toml' || (n.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(n.value))));
    if (!first || first.type !== 'heading' || first.depth !== 1) return;
    const astro = ctx.data.astro;
    if (astro) astro.frontmatter.leadHeading = ctx.textContent(first).trim();
    ctx.removeNode(first);
  },
};
