import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataStoreFromFile } from './data-store-file.ts';

type Load = { order: string; handler: (id: string) => { code: string; meta: unknown } | null };

describe('dataStoreFromFile', () => {
  it("serves Astro's data store module from Astro's file, marked as content data", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scarbook-data-store-'));
    const file = path.join(dir, 'data-store.json');
    // Astro writes devalue's flattened form of collection → id → entry (data-store-writer.js), a JSON array.
    const store = [['Map', 1, 2], 'runbooks', ['Map', 3, 4], 'dns', { id: 3, data: 5 }, { title: 6 }, 'DNS "outage"'];
    writeFileSync(file, JSON.stringify(store));
    const plugin = dataStoreFromFile(file);
    const load = plugin.load as unknown as Load;
    // Before Astro's own plugin, which is `enforce: 'pre'` too and comes first.
    expect(plugin.enforce).toBe('pre');
    expect(load.order).toBe('pre');

    const loaded = load.handler('\0astro:data-layer-content')!;
    expect(loaded.meta).toEqual({ astroIncremental: { kind: 'content-data' } });
    // The module reads the file when it runs, not when it is built: the code holds only its path.
    expect(loaded.code).not.toContain('outage');
    const module = path.join(dir, 'module.mjs');
    writeFileSync(module, loaded.code);
    const { default: data } = await import(pathToFileURL(module).href);
    expect(data).toEqual(store);

    expect(load.handler('\0astro:content')).toBeNull();
    // No file (no content collections): Astro's own module stays.
    expect((dataStoreFromFile(path.join(dir, 'missing.json')).load as unknown as Load).handler('\0astro:data-layer-content')).toBeNull();
  });
});
