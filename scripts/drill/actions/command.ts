import type { Action } from '../../../src/schemas/drill.ts';
import { runShell } from '../shell.ts';
import type { ActionRun } from './action.ts';

type Command = Extract<Action, { type: 'command' }>;

/** Runs the command line here (`sh -c`) or over ssh; a non-zero exit fails the action. */
export const runCommandAction: ActionRun<Command> = async (a, { signal, timeoutMs, env }) => {
  const r = await runShell(a.run, a.ssh, { signal, timeoutMs, env });
  const output = [r.stdout.trim(), r.stderr.trim()].filter(Boolean).join('\n');
  if (r.exitCode !== 0) throw new Error(`exited ${r.exitCode}${output ? `:\n${output}` : ''}`);
  return { output };
};
