import type { AstroIntegration } from 'astro';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHash, HASHED_PATH, precacheEntries, SERVICE_WORKER, type KnownFiles } from './offline-files.ts';

const TEMPLATE = fileURLToPath(new URL('../scripts/service-worker.js', import.meta.url));

export interface ServiceWorkerSummary {
  /** Hash of the build: the cache name, so a rebuild replaces the offline copy. */
  version: string;
  files: number;
  bytes: number;
}

/** The first line of `sw.js`: what to cache and under which version. Read back by tests. */
export const MANIFEST_PREFIX = 'const SCARBOOK_OFFLINE = ';

/**
 * Writes `sw.js` into the built site: the worker from src/scripts/service-worker.js, preceded by
 * the list of every built file (Pagefind's included, so search works offline) and the build hash.
 * `known`: files already read and hashed since they were last written (the search index's pass).
 */
export async function writeServiceWorker(dir: string, base: string, known?: KnownFiles): Promise<ServiceWorkerSummary> {
  const entries = await precacheEntries(dir, base, known);
  const version = buildHash(entries);
  const manifest = { base: base.endsWith('/') ? base : `${base}/`, hashed: HASHED_PATH.source, urls: entries.map((e) => e.url), version };
  const source = `${MANIFEST_PREFIX}${JSON.stringify(manifest)};\n${await readFile(TEMPLATE, 'utf8')}`;
  const target = path.join(dir, SERVICE_WORKER);
  await writeFile(`${target}.tmp`, source);
  await rename(`${target}.tmp`, target);
  return { version, files: entries.length, bytes: entries.reduce((n, e) => n + e.bytes, 0) };
}

/** Reads the manifest back out of a built `sw.js`. */
export function readManifest(source: string): { base: string; hashed: string; urls: string[]; version: string } {
  const line = source.split('\n', 1)[0] ?? '';
  if (!line.startsWith(MANIFEST_PREFIX)) throw new Error(`sw.js does not start with "${MANIFEST_PREFIX}": was it written by writeServiceWorker?`);
  return JSON.parse(line.slice(MANIFEST_PREFIX.length).replace(/;$/, ''));
}

/** The script on every page that installs the worker; browsers allow one on HTTPS and localhost only. */
export function registration(base: string): string {
  const scope = base.endsWith('/') ? base : `${base}/`;
  return (
    `if ('serviceWorker' in navigator && isSecureContext) addEventListener('load', () => ` +
    `navigator.serviceWorker.register(${JSON.stringify(scope + SERVICE_WORKER)}, { scope: ${JSON.stringify(scope)} })` +
    `.catch((e) => console.warn('offline reading is off: ' + e.message)));`
  );
}

/**
 * Offline reading: the registration script on every built page. `sw.js` itself is written by
 * finishBuild (finish-build.ts), after the diagrams and the search index it has to list.
 */
export function offline(): AstroIntegration {
  return {
    name: 'scarbook-offline',
    hooks: {
      // Built sites only: `astro dev` has no sw.js, and a worker there would serve stale pages.
      'astro:config:setup': ({ command, config, injectScript }) => {
        if (command === 'build') injectScript('head-inline', registration(config.base));
      },
    },
  };
}
