/**
 * Times the build-time diagram rendering alone, on a site built without it:
 *
 *   SCARBOOK_CHROMIUM=none <astro build>   # placeholders stay in dist/
 *   node src/mermaid/bench-render.ts <dist> [--workers 1,2] [--runs 1]
 *
 * A site whose diagrams were already rendered works too: the sources are read
 * back from each figure's "Diagram source" block.
 *
 * Every run renders every distinct diagram of <dist> once into a fresh
 * temporary cache (a cold build's cost); dist itself is only read.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mapLimit } from '../lib/bounded-concurrency.ts';
import { defaultWorkers } from './browser-renderer.ts';
import { DiagramCache } from './diagram-cache.ts';
import { decodeHtml, findPlaceholders } from './diagram-markup.ts';
import { findChromium } from './find-chromium.ts';
import { listHtmlFiles } from './html-files.ts';
import { resolveDiagrams } from './resolve-diagrams.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { workers: { type: 'string' }, runs: { type: 'string', default: '1' } },
});
const dir = positionals[0];
if (!dir) throw new Error('usage: node src/mermaid/bench-render.ts <dist built with SCARBOOK_CHROMIUM=none> [--workers 1,2] [--runs 1]');
const chromium = findChromium();
if (!chromium) throw new Error('bench-render: no Chromium found; set SCARBOOK_CHROMIUM to its path.');

const files = await listHtmlFiles(dir);
const SHOWN_SOURCE = /<details class="diagram-source"[^>]*><summary>Diagram source<\/summary><pre>([\s\S]*?)<\/pre>/g;
const found = await mapLimit(files, 16, async (file) => {
  const html = await readFile(file, 'utf8');
  return [...findPlaceholders(html), ...[...html.matchAll(SHOWN_SOURCE)].map((m) => decodeHtml(m[1] ?? ''))];
});
const sources = [...new Set(found.flat())];
if (sources.length === 0) throw new Error(`bench-render: no diagram placeholders in ${dir}; build it with SCARBOOK_CHROMIUM=none.`);
const chars = sources.reduce((n, s) => n + s.length, 0);
console.log(`${sources.length} distinct diagram(s), ${chars} characters of source, ${files.length} page(s)`);

const workerCounts = values.workers ? values.workers.split(',').map(Number) : [defaultWorkers()];
for (const workers of workerCounts) {
  for (let run = 1; run <= Number(values.runs); run += 1) {
    const cacheDir = await mkdtemp(join(tmpdir(), 'scarbook-bench-render-'));
    try {
      const started = performance.now();
      const result = await resolveDiagrams(sources, new DiagramCache(cacheDir), chromium, () => undefined, 16, workers);
      const seconds = (performance.now() - started) / 1000;
      const renders = result.rendered;
      console.log(
        `workers ${workers} run ${run}: ${result.rendered}/${sources.length} diagram(s), ${renders} render(s) in ${seconds.toFixed(1)} s ` +
          `(${((seconds * 1000) / Math.max(1, renders)).toFixed(1)} ms per render)`,
      );
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  }
}
