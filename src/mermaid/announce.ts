// Shared by every copy of this module: within one `astro build` process, Astro loads its
// integrations and the Markdown pipeline in one module graph and the prerendered pages in
// another, so a module-level variable would not be seen by both.
const KEY = Symbol.for('scarbook.diagram-listener');

type Listener = (source: string) => void;
type Scope = { [KEY]?: Listener };

/**
 * Called for every diagram placeholder a build makes (mermaidPlaceholder() and Sätteri's MDX
 * path), so rendering can start before the pages are written (see prefetch.ts). Without a
 * listener, i.e. outside `astro build`, it does nothing.
 */
export function announceDiagram(source: string): void {
  (globalThis as Scope)[KEY]?.(source);
}

/** Sets (or, with undefined, clears) the one listener announceDiagram() calls. */
export function setDiagramListener(listener: Listener | undefined): void {
  if (listener) (globalThis as Scope)[KEY] = listener;
  else delete (globalThis as Scope)[KEY];
}
