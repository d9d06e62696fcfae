import type { Plugin } from 'vite';

/**
 * `astro build` only: Vite's dependency optimizer stays off in every environment.
 *
 * To sync content, `astro build` starts a Vite dev server, and Astro asks its client environment
 * to prebundle the dev toolbar's dependencies for a browser no build ever serves. It ran whenever
 * Vite's config hash had changed since `node_modules/.vite` was written: the first build of a fresh
 * clone (every CI run), every build of another content folder than the last, and in the benchmark
 * every build after the bare project's. On the 1k benchmark's warm rebuild it cost ~0.6-0.9 s
 * (6.5-6.9 s against 5.9-6.0 s, alternating, `node_modules/.vite` deleted before each).
 *
 * Vite turns the optimizer off for an environment with `noDiscovery` and nothing to `include`
 * (its `optimizeDeps.disabled` is deprecated and warns). Astro's own plugin adds to `include`, so
 * this one comes after it and empties the list rather than merging into it.
 */
export function noDepOptimizer(): Plugin {
  return {
    name: 'scarbook:no-dep-optimizer',
    enforce: 'post',
    configEnvironment(_name, options) {
      options.optimizeDeps = { ...options.optimizeDeps, noDiscovery: true, include: [] };
    },
  };
}
