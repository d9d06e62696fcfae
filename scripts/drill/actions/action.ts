import type { RestoreResult } from '../../../src/schemas/drill-journal.ts';

/** A person at the terminal, for manual steps; absent when nobody is there (CI, cron). */
export interface Operator {
  /** Shows the instructions and waits; true when the operator confirms the step is done. */
  confirm(instructions: string, signal: AbortSignal): Promise<boolean>;
}

export interface ActionContext {
  signal: AbortSignal;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  operator?: Operator;
}

/** What an action did. A failed action throws an Error that says what went wrong. */
export interface ActionOutput {
  output: string;
  /** Set by restore actions: what was restored and whether it verified. */
  restore?: RestoreResult;
}

export type ActionRun<A> = (action: A, context: ActionContext) => Promise<ActionOutput>;
