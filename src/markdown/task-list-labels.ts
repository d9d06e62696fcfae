import type { HastPluginDefinition } from 'satteri';

/**
 * GFM task lists render a bare `<input type="checkbox" disabled>` with no accessible name
 * (axe: critical). Name each box after its item's own text, at build time, so it needs no script.
 */
export const taskListLabels: HastPluginDefinition = {
  name: 'scarbook-task-list-labels',
  element: {
    filter: ['input'],
    visit(node, ctx) {
      if (node.properties?.type !== 'checkbox' || node.properties.ariaLabel) return;
      const item = ctx.parent(node);
      if (!item || item.type !== 'element' || item.tagName !== 'li') return;
      // The item's own words, not those of a nested list below it.
      const text = item.children
        .filter((c) => !(c.type === 'element' && (c.tagName === 'ul' || c.tagName === 'ol')))
        .map((c) => ctx.textContent(c))
        .join('')
        .replace(/\s+/g, ' ')
        .trim();
      ctx.setProperty(node, 'ariaLabel', text || 'Task');
    },
  },
};
