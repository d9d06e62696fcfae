/**
 * `npm run lab:pull`: reads the live lab (or `--replay DIR` of recorded raw output) into
 * per-source snapshots under content/lab/. `--record DIR` saves raw output (secrets removed).
 * Exits non-zero when a source failed only with `--strict`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSiteConfig } from '../src/lib/site-config.ts';
import { pullLab, type PullEvent } from './lab/pull.ts';

const { values } = parseArgs({
  options: { record: { type: 'string' }, replay: { type: 'string' }, strict: { type: 'boolean', default: false }, only: { type: 'string', multiple: true } },
});

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
function report(e: PullEvent): void {
  if (e.type === 'start') process.stdout.write(`  ${e.source} (${e.sourceType}) … `);
  else if (e.type === 'done') console.log(`${e.entities} entities, ${e.edges} edges in ${secs(e.ms)}${e.changed ? '' : ' (unchanged)'}`);
  else console.log(`FAILED in ${secs(e.ms)}: ${e.error}\n    ${e.keptSnapshot ? 'kept the last good snapshot, marked stale' : 'no earlier snapshot to keep'}`);
}

try {
  const { contentPath } = loadSiteConfig();
  const resolve = (p?: string) => (p ? path.resolve(p) : undefined);
  console.log(`Pulling the lab${values.replay ? ` from recorded output in ${values.replay}` : ''} into ${path.relative(process.cwd(), contentPath)}/lab/`);
  const result = await pullLab({ contentPath, record: resolve(values.record), replay: resolve(values.replay), only: values.only, onEvent: report });
  console.log(`${result.ok.length} source(s) pulled, ${result.failed.length} failed.`);
  if (result.failed.length && values.strict) process.exit(1);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
