/**
 * `npm run drill:record -- <id> --outcome survived --recovery 2m30s --notes "…" [--at 2026-11-15T10:30:00Z]`:
 * journals a drill done by hand into content/lab/drills/<id>/, like a run of the runner.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSiteConfig } from '../src/lib/site-config.ts';
import { recordManualDrill } from './drill/record-manual.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { outcome: { type: 'string' }, recovery: { type: 'string' }, notes: { type: 'string' }, at: { type: 'string' } },
});
if (positionals.length !== 1 || !values.outcome) {
  console.error('usage: npm run drill:record -- <drill id> --outcome survived|degraded|failed|aborted|error [--recovery 2m30s] [--notes "…"] [--at 2026-11-15T10:30:00Z]');
  process.exit(2);
}
try {
  const { contentPath, root } = loadSiteConfig();
  const { journal, file } = await recordManualDrill(positionals[0]!, { outcome: values.outcome, recovery: values.recovery, notes: values.notes, at: values.at }, { contentPath, root });
  console.log(`Recorded ${journal.drill}: ${journal.outcome}${journal.recoveryMs !== null ? `, recovered in ${journal.recoveryMs / 1000} s` : ''} → ${path.relative(process.cwd(), file)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
