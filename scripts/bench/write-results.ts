import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../lab/atomic-file.ts';
import { stableJson } from '../lab/stable-json.ts';
import { formatMarkdown, ResultSchema, type Result } from './results.ts';

/** `1k@0.02` → `1k-x0.02`: a file name that sorts with its scenario. */
export const resultName = (scenario: string) => scenario.replace('@', '-x');

/**
 * Writes `<dir>/<scenario>.json` and `.md`, then `<dir>/README.md`: every scenario's latest
 * table, full sizes first, so one file shows where the product stands.
 */
export async function writeResults(dir: string, result: Result): Promise<string[]> {
  const base = path.join(dir, resultName(result.scenario.name));
  await writeFileAtomic(`${base}.json`, stableJson(ResultSchema.parse(result)));
  await writeFileAtomic(`${base}.md`, formatMarkdown(result));
  const all = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ResultSchema.safeParse(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))))
    .flatMap((p) => (p.success ? [p.data] : []))
    .sort((a, b) => Number(a.scenario.scale !== 1) - Number(b.scenario.scale !== 1) || a.scenario.name.localeCompare(b.scenario.name));
  const readme = [
    '# Benchmark results',
    '',
    'Written by `npm run bench -- <scenario>` (scripts/bench/run.ts): do not edit by hand. One JSON file per',
    'scenario holds every figure and sample; this page repeats each scenario\'s tables. Reduced-size runs',
    '(`--scale`) are named `<scenario>-x<scale>` and are for checking the harness, not for the targets.',
    '',
    ...all.map((r) => formatMarkdown(r)),
  ].join('\n');
  const readmeFile = path.join(dir, 'README.md');
  if (!existsSync(readmeFile) || readFileSync(readmeFile, 'utf8') !== readme) await writeFileAtomic(readmeFile, readme);
  return [`${base}.json`, `${base}.md`, readmeFile];
}
