import type { Journal, JournalEvent } from '../../src/schemas/drill-journal.ts';
import type { Operator } from './actions/action.ts';
import { checkKillSwitch, DrillRefused, takeDrillLock } from './guards.ts';
import { loadDrill, type LoadedDrill } from './load-drill.ts';
import { formatPlan } from './plan.ts';
import { labSnapshot, operatorName } from './provenance.ts';
import { runDrill } from './run-drill.ts';

export interface StartDrillOptions {
  contentPath: string;
  /** Repository root: where the `.drills-disabled` kill switch lives. */
  root: string;
  env?: NodeJS.ProcessEnv;
  dryRun?: boolean;
  /** `--yes`: production targets without asking. */
  yes?: boolean;
  /** Asks the operator to confirm a production drill; absent when nobody is at a terminal. */
  confirmProduction?: (drill: LoadedDrill) => Promise<boolean>;
  operator?: Operator;
  signal: AbortSignal;
  rollbackSignal?: AbortSignal;
  onEvent?: (event: JournalEvent, journal: Journal) => void;
  /** Called once the drill is loaded and the journal is about to start (the live display's header). */
  onStart?: (drill: LoadedDrill, journalFile: string | null) => void;
}

export type StartResult = { kind: 'plan'; plan: string; drill: LoadedDrill } | { kind: 'ran'; journal: Journal; file: string; drill: LoadedDrill };

/**
 * Everything `npm run drill -- <id>` does, in order: kill switch, load and validate (targets,
 * variables), dry run, production guard, lock, run. Refusals throw DrillRefused before anything
 * in the lab is touched; a bad definition throws its ContentError naming the file and field.
 */
export async function startDrill(id: string, o: StartDrillOptions): Promise<StartResult> {
  const env = o.env ?? process.env;
  checkKillSwitch(o.root, env);
  const drill = loadDrill(id, { contentPath: o.contentPath, root: o.root, env });
  if (o.dryRun) return { kind: 'plan', plan: formatPlan(drill), drill };
  if (drill.resolved.mode === 'production' && !o.yes) {
    if (!o.confirmProduction) {
      throw new DrillRefused(`${drill.id} is a production drill (${drill.file}: mode: production) and nobody is at a terminal to confirm it. Run it with --yes if breaking ${drill.resolved.targets.join(', ')} now is fine.`);
    }
    if (!(await o.confirmProduction(drill))) throw new DrillRefused(`${drill.id}: not confirmed, nothing was touched.`);
  }
  const lock = await takeDrillLock(o.contentPath);
  try {
    const [snapshot, operatorLabel] = await Promise.all([labSnapshot(o.contentPath), operatorName(env, o.root)]);
    o.onStart?.(drill, null);
    const { journal, file } = await runDrill({
      drill,
      contentPath: o.contentPath,
      signal: o.signal,
      rollbackSignal: o.rollbackSignal,
      env,
      operator: o.operator,
      operatorName: operatorLabel,
      labSnapshot: snapshot,
      onEvent: o.onEvent,
    });
    return { kind: 'ran', journal, file, drill };
  } finally {
    lock.release();
  }
}
