import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig, type Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { noDepOptimizer } from './no-dep-optimizer.ts';

/** What Astro's environment plugin does for the client (astro/dist/vite-plugin-environment). */
const astroLike: Plugin = {
  name: 'astro-like:environment',
  configEnvironment: (name) => (name === 'client' ? { optimizeDeps: { include: ['astro > html-escaper', 'astro/runtime/client/dev-toolbar/entrypoint.js'] } } : undefined),
};

async function clientDeps(plugins: Plugin[]) {
  const root = mkdtempSync(path.join(tmpdir(), 'scarbook-deps-'));
  const config = await resolveConfig({ root, configFile: false, logLevel: 'silent', plugins, optimizeDeps: { noDiscovery: true } }, 'serve');
  return config.environments.client!.optimizeDeps;
}

describe('noDepOptimizer', () => {
  it('leaves the client environment nothing to prebundle, after what Astro asked for', async () => {
    // Vite's optimizer runs for an environment unless it has noDiscovery and nothing to include.
    expect((await clientDeps([astroLike])).include).toHaveLength(2);
    const deps = await clientDeps([noDepOptimizer(), astroLike]);
    expect(deps.noDiscovery).toBe(true);
    expect(deps.include ?? []).toEqual([]);
  });
});
