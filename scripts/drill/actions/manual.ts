import type { Action } from '../../../src/schemas/drill.ts';
import type { ActionRun } from './action.ts';

type Manual = Extract<Action, { type: 'manual' }>;

/** Waits for a person to do the step and confirm it; with nobody at a terminal it cannot run. */
export const runManual: ActionRun<Manual> = async (a, { signal, operator }) => {
  if (!operator) {
    throw new Error('this manual step needs an operator at a terminal, and the drill is not running interactively. Run it from a terminal, or do it by hand and record it with `npm run drill:record`.');
  }
  const done = await operator.confirm(a.instructions, signal);
  if (!done) throw new Error('the operator did not confirm the step');
  return { output: 'confirmed by the operator' };
};
