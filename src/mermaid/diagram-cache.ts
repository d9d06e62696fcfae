import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { sha256 } from '../lib/file-digest.ts';
import { MERMAID_CONFIG, mermaidVersion } from './mermaid-config.ts';

// Bump when the cached content or its meaning changes (e.g. svg id scheme).
// 2: one rendering per diagram (dark mode is a CSS filter), ids without a theme.
// 3: Math.random seeded per diagram (browser-renderer.ts), so a render is the same in every build.
const CACHE_FORMAT = 3;

export type RenderResult = { ok: true; svg: string } | { ok: false; error: string };

/** Stable per-source svg id; mermaid scopes its <style> rules by it. */
export function svgId(source: string): string {
  return `mermaid-${sha256(source).slice(0, 12)}`;
}

export function cacheKey(source: string): string {
  return sha256(JSON.stringify([CACHE_FORMAT, mermaidVersion(), MERMAID_CONFIG, source]));
}

/**
 * One file per (source, mermaid version): `<key>.svg`, or `<key>.error`
 * holding the syntax error message. Errors are cached too, so a page with a
 * broken diagram does not relaunch the browser on every build; a fix changes
 * the source and therefore the key.
 */
export class DiagramCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  async get(source: string): Promise<RenderResult | undefined> {
    const base = join(this.dir, cacheKey(source));
    const svg = await readIfExists(`${base}.svg`);
    if (svg !== undefined) return { ok: true, svg };
    const error = await readIfExists(`${base}.error`);
    return error === undefined ? undefined : { ok: false, error };
  }

  async set(source: string, result: RenderResult): Promise<void> {
    const base = join(this.dir, cacheKey(source));
    // Atomic, so a concurrent or interrupted build never reads half an SVG; not synced to disk: a
    // cache entry lost in a power cut is only rendered again.
    await writeFileAtomic(result.ok ? `${base}.svg` : `${base}.error`, result.ok ? result.svg : result.error, { fsync: false });
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
