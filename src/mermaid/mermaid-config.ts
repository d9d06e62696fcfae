import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Shared by the build-time renderer and (as a generated JSON module) the
// client fallback, so both produce the same pictures.
export const THEMES = ['light', 'dark'] as const;
export type ThemeName = (typeof THEMES)[number];

export const MERMAID_THEME: Record<ThemeName, string> = { light: 'default', dark: 'dark' };

/**
 * Base config for mermaid.initialize(); `theme` is added per render.
 * htmlLabels off: labels become SVG <text>, so the site's CSS for p/span/div
 * cannot restyle (and overflow) labels measured at build time, and print works.
 */
export const MERMAID_BASE_CONFIG = {
  startOnLoad: false,
  securityLevel: 'strict',
  htmlLabels: false,
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
