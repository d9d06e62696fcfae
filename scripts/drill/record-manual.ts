import { parseFrontmatter } from '../../src/schemas/format-error.ts';
import { DrillSchema } from '../../src/schemas/drill.ts';
import { parseDuration } from '../../src/schemas/common.ts';
import { definitionHash } from '../../src/lib/drills/definition-hash.ts';
import { JOURNAL_SCHEMA_VERSION, JournalSchema, OutcomeSchema, type Journal } from '../../src/schemas/drill-journal.ts';
import { journalPath, journalWriter } from './journal-file.ts';
import { readDrillFile } from './load-drill.ts';
import { labSnapshot, operatorName } from './provenance.ts';
import { secretValues } from './redact-text.ts';

export interface ManualRecord {
  outcome: string;
  /** Time to recover (`2m30s`), for survived and degraded runs. */
  recovery?: string;
  notes?: string;
  /** When the drill was done (ISO date-time); now when absent. */
  at?: string;
}

/**
 * `npm run drill:record`: a drill done by hand (pulling a disk, cutting power) written into the
 * same journal format as the runner's, with origin `manual`, so it counts for survival the same
 * way. Its targets need not be in the lab graph: hand drills are often on what no source sees.
 */
export async function recordManualDrill(id: string, record: ManualRecord, o: { contentPath: string; root: string; env?: NodeJS.ProcessEnv }): Promise<{ journal: Journal; file: string }> {
  const env = o.env ?? process.env;
  const { id: drillId, file, data } = readDrillFile(id, o.contentPath, o.root);
  const drill = parseFrontmatter(DrillSchema, data, file);
  const outcome = OutcomeSchema.exclude(['running']).safeParse(record.outcome);
  if (!outcome.success) throw new Error(`--outcome: got "${record.outcome}"; expected one of survived | degraded | failed | aborted | error`);
  let recoveryMs: number | null = null;
  if (record.recovery !== undefined) {
    recoveryMs = parseDuration(record.recovery);
    if (recoveryMs === null) throw new Error(`--recovery: got "${record.recovery}"; expected a duration like "45s" or "2m 30s"`);
    if (outcome.data !== 'survived' && outcome.data !== 'degraded') throw new Error(`--recovery: a ${outcome.data} drill did not recover; leave --recovery out`);
  } else if (outcome.data === 'survived') {
    throw new Error('--recovery: a survived drill needs its time to recover (e.g. --recovery 2m30s)');
  }
  const at = record.at ? new Date(record.at) : new Date();
  if (Number.isNaN(at.getTime())) throw new Error(`--at: got "${record.at}"; expected a date-time like 2026-11-15T10:30:00Z`);
  const when = at.toISOString();
  const journal: Journal = JournalSchema.parse({
    schemaVersion: JOURNAL_SCHEMA_VERSION,
    drill: drillId,
    definitionHash: definitionHash(data),
    origin: 'manual',
    labSnapshot: await labSnapshot(o.contentPath),
    targets: drill.targets,
    mode: drill.mode,
    operator: await operatorName(env, o.root),
    startedAt: when,
    finishedAt: when,
    outcome: outcome.data,
    recoveryMs,
    rollbackOk: null,
    reason: 'done by hand and recorded with npm run drill:record',
    ...(record.notes ? { notes: record.notes } : {}),
    events: [{ type: 'note', at: when, text: `recorded by hand${record.notes ? `: ${record.notes}` : ''}` }],
  });
  const out = journalPath(o.contentPath, drillId, when);
  await journalWriter(out, secretValues(env)).write(journal);
  return { journal, file: out };
}
