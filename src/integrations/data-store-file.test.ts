import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataStoreFromFile } from './data-store-file.ts';

type Transform = (code: string, id: string) => { code: string; meta: unknown } | null;

describe('dataStoreFromFile', () => {
  it("serves Astro's data store module from Astro's file, marked as content data", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-data-store-'));
    const file = path.join(dir, 'data-store.json');
    // Astro writes devalue's flattened form of collection → id → entry (data-store-writer.js), a JSON array.
    const store = [['Map', 1, 2], 'runbooks', ['Map', 3, 4], 'dns', { id: 3, data: 5 }, { title: 6 }, 'DNS "outage"'];
    writeFileSync(file, JSON.stringify(store));
    const transform = dataStoreFromFile(file).transform as unknown as Transform;

    const loaded = transform(`export default JSON.parse(${JSON.stringify(JSON.stringify(store))})`, '\0astro:data-layer-content')!;
    expect(loaded.meta).toEqual({ astroIncremental: { kind: 'content-data' } });
    // The module reads the file when it runs, not when it is built: the code holds only its path.
    expect(loaded.code).not.toContain('outage');
    const module = path.join(dir, 'module.mjs');
    writeFileSync(module, loaded.code);
    const { default: data } = await import(pathToFileURL(module).href);
    expect(data).toEqual(store);

    expect(transform('export default 1', '\0astro:content')).toBeNull();
    // No file (no content collections): Astro's own module stays.
    expect((dataStoreFromFile(path.join(dir, 'missing.json')).transform as unknown as Transform)('export default new Map()', '\0astro:data-layer-content')).toBeNull();
  });
});
