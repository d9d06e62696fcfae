import type { Action } from '../../../src/schemas/drill.ts';
import type { ActionContext, ActionOutput, ActionRun } from './action.ts';
import { runCommandAction } from './command.ts';
import { runCrash } from './crash.ts';
import { runDocker } from './docker.ts';
import { runManual } from './manual.ts';
import { runRestoreAction } from './restore.ts';

const RUNS: { [T in Action['type']]: ActionRun<Extract<Action, { type: T }>> } = {
  docker: runDocker,
  crash: runCrash,
  command: runCommandAction,
  manual: runManual,
  restore: runRestoreAction,
};

/** Timeouts for actions that set none: a person needs longer than a command, a restore longer still. */
export const DEFAULT_ACTION_TIMEOUT_MS: { [T in Action['type']]: number } = {
  docker: 60_000,
  crash: 30_000,
  command: 120_000,
  manual: 3_600_000,
  restore: 3_600_000,
};

export type ActionResult = { ok: true; ms: number; output: string; restore?: ActionOutput['restore'] } | { ok: false; ms: number; output: string; error: Error };

/** Runs one action within its timeout. Returns failures (with the error) so the runner can journal them. */
export async function runAction(action: Action, context: Omit<ActionContext, 'timeoutMs'>): Promise<ActionResult> {
  const timeoutMs = action.timeout ?? DEFAULT_ACTION_TIMEOUT_MS[action.type];
  const signal = AbortSignal.any([context.signal, AbortSignal.timeout(timeoutMs)]);
  const run = RUNS[action.type] as ActionRun<Action>;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hardStop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs + 2000);
  });
  try {
    const out = await Promise.race([run(action, { ...context, signal, timeoutMs }), hardStop]);
    return { ok: true, ms: Math.round(performance.now() - started), output: out.output, ...(out.restore ? { restore: out.restore } : {}) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const why = context.signal.aborted ? `interrupted (${String(context.signal.reason ?? 'aborted')})` : signal.aborted ? `timed out after ${timeoutMs} ms` : e.message;
    return { ok: false, ms: Math.round(performance.now() - started), output: why, error: e };
  } finally {
    clearTimeout(timer);
  }
}
