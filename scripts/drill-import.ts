import { parseArgs } from 'node:util';
import { ModeSchema } from '../src/schemas/common.ts';
import { loadSiteConfig } from '../src/lib/site-config.ts';
import { importChaosToolkit } from './drill/import/import.ts';

const USAGE = 'usage: npm run drill:import -- <journal.json> [--experiment exp.json] [--drill <id>] [--target <entity id>]... [--mode production|sandbox] [--operator <name>] [--dry-run]';

/** `npm run drill:import`: a Chaos Toolkit run into content/lab/drills, so its history shows on the site. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      experiment: { type: 'string' },
      drill: { type: 'string' },
      target: { type: 'string', multiple: true },
      mode: { type: 'string' },
      operator: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const mode = values.mode === undefined ? undefined : ModeSchema.safeParse(values.mode);
  if (mode && !mode.success) {
    console.error(`--mode: got "${values.mode}"; expected production or sandbox`);
    return 2;
  }
  const config = loadSiteConfig();
  const result = await importChaosToolkit({
    journal: positionals[0]!,
    experiment: values.experiment,
    drill: values.drill,
    targets: values.target,
    mode: mode?.data,
    operator: values.operator ?? process.env.SCARBOOK_OPERATOR,
    contentPath: config.contentPath,
    root: config.root,
    dryRun: values['dry-run'],
  });
  for (const w of result.warnings) console.error(`warning: ${w}`);
  const j = result.journal;
  const recovered = j.recoveryMs === null ? '' : `, recovered in ${(j.recoveryMs / 1000).toFixed(1)} s`;
  console.log(`${values['dry-run'] ? 'would write' : 'wrote'} ${result.file}: ${j.outcome}${recovered}${j.reason ? ` (${j.reason})` : ''}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Bad input is one line naming the file; anything else is a bug and keeps its stack.
    console.error(error instanceof Error && (error.name === 'ImportError' || error.name === 'ContentError') ? error.message : error);
    process.exit(1);
  },
);
