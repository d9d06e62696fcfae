import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * mermaid.initialize() config, shared by the build-time renderer and (as a generated JSON
 * module) the client fallback, so both produce the same pictures.
 *
 * One rendering per diagram, in mermaid's light theme: dark mode shows the same SVG through a
 * CSS filter (diagram.css). Rendering a second, dark copy doubled the build's slowest step
 * (~70 ms of Chromium per render, 377 diagrams on the 1,000-runbook benchmark) and the bytes
 * of every page with a diagram.
 *
 * htmlLabels off: labels become SVG <text>, so the site's CSS for p/span/div cannot restyle
 * (and overflow) labels measured at build time, and print works.
 *
 * Dagre, mermaid's classic layout, not ELK (mermaid 12's default): ELK took 6.5–7.5 s of one
 * Chromium page for the 128 diagrams of the 1,000-runbook benchmark, dagre 3.7 s, and its pictures
 * of a site's hosts are less lopsided (2631×1317 against 4236×482), which reads better on a phone.
 * A diagram can still ask for ELK in its front matter (`config:` / `layout: elk`).
 */
export const MERMAID_CONFIG = {
  startOnLoad: false,
  securityLevel: 'strict',
  htmlLabels: false,
  theme: 'default',
  layout: 'dagre',
} as const;

const require = createRequire(import.meta.url);

/** Absolute path of a file inside the installed mermaid package. */
export function mermaidFile(relative: string): string {
  try {
    return require.resolve(`mermaid/${relative}`);
  } catch (cause) {
    throw new Error(
      `Cannot find mermaid/${relative} in node_modules. Run \`npm install\` (mermaid is a dependency of the site).`,
      { cause },
    );
  }
}

let version: string | undefined;
/** Part of every cache key, so upgrading mermaid re-renders everything. */
export function mermaidVersion(): string {
  if (version === undefined) {
    const pkg: unknown = JSON.parse(readFileSync(mermaidFile('package.json'), 'utf8'));
    const found = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
    version = typeof found === 'string' ? found : 'unknown';
  }
  return version;
}
