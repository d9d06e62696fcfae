import type { Action } from '../../../src/schemas/drill.ts';
import { runRestore } from '../restore/run-restore.ts';
import type { ActionRun } from './action.ts';

type Restore = Extract<Action, { type: 'restore' }>;

/** Restores and verifies a backup; an unverified restore is a result (the drill fails), not an error. */
export const runRestoreAction: ActionRun<Restore> = async (a, { signal, env, timeoutMs }) => {
  const result = await runRestore(a, { signal, env, timeoutMs });
  const summary = `${result.tool} snapshot ${result.snapshot}: ${result.files} files, ${result.bytes} bytes restored in ${result.restoreMs} ms, ${result.checksumsCompared} checksums compared`;
  return { output: result.verified ? `${summary}; verified` : `${summary}; NOT verified: ${result.problem ?? 'unknown problem'}`, restore: result };
};
