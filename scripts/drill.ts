/**
 * `npm run drill -- <id> [--dry-run] [--yes]`: runs the drill defined in content/drills/<id>.md
 * against the lab and journals it into content/lab/drills/<id>/. Exit codes: 0 survived (or a dry
 * run), 1 degraded / failed / aborted / error, 2 refused or a bad definition (nothing touched).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSiteConfig } from '../src/lib/site-config.ts';
import { liveDisplay } from './drill/live-display.ts';
import { startDrill } from './drill/start-drill.ts';
import { confirmProductionAtTerminal, interactive, terminalOperator } from './drill/terminal.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'dry-run': { type: 'boolean', default: false }, yes: { type: 'boolean', short: 'y', default: false }, help: { type: 'boolean', short: 'h', default: false } },
});
if (values.help || positionals.length !== 1) {
  console.error('usage: npm run drill -- <drill id> [--dry-run] [--yes]\n  e.g. npm run drill -- kill-pihole --dry-run');
  process.exit(values.help ? 0 : 2);
}

// First Ctrl-C / SIGTERM: stop the drill, roll back. A third one abandons the rollback itself.
const run = new AbortController();
const rollback = new AbortController();
let signals = 0;
const onSignal = (name: NodeJS.Signals) => {
  signals++;
  if (signals === 1) {
    process.stderr.write(`\n${name}: stopping the drill; the rollback runs now (Ctrl-C twice more abandons it).\n`);
    run.abort(name);
  } else if (signals === 2) process.stderr.write(`\n${name}: the rollback is running; once more abandons it and leaves the lab as it is.\n`);
  else rollback.abort(name);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const display = liveDisplay();
try {
  const { contentPath, root } = loadSiteConfig();
  const tty = interactive();
  const result = await startDrill(positionals[0]!, {
    contentPath,
    root,
    dryRun: values['dry-run'],
    yes: values.yes,
    confirmProduction: tty ? confirmProductionAtTerminal : undefined,
    operator: tty ? terminalOperator : undefined,
    signal: run.signal,
    rollbackSignal: rollback.signal,
    onEvent: display.onEvent,
    onStart: (d) => process.stderr.write(`Drill ${d.id}: ${d.resolved.hypothesis}\n`),
  });
  display.stop();
  if (result.kind === 'plan') {
    console.log(result.plan);
    process.exit(0);
  }
  const j = result.journal;
  console.log(`${j.outcome.toUpperCase()}: ${j.reason ?? ''}`);
  console.log(`rollback: ${j.rollbackOk === null ? 'not needed (nothing touched)' : j.rollbackOk ? 'ok' : 'FAILED: check the lab by hand'}`);
  console.log(`journal: ${path.relative(process.cwd(), result.file)}`);
  process.exit(j.outcome === 'survived' ? 0 : j.reason?.startsWith('refused') ? 2 : 1);
} catch (error) {
  display.stop();
  console.error((error as Error).message);
  process.exit(2);
}
