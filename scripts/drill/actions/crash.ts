import { constants } from 'node:os';
import type { Action } from '../../../src/schemas/drill.ts';
import { containerState } from '../docker-cli.ts';
import { runShell } from '../shell.ts';
import type { ActionRun } from './action.ts';

type Crash = Extract<Action, { type: 'crash' }>;

/**
 * Kills the container's main process from the host, the way the OOM killer or a segfault would.
 * `docker kill` would mark the container as stopped by hand, and `unless-stopped` would then
 * leave it down: a crash from outside is what tests the restart policy.
 */
export const runCrash: ActionRun<Crash> = async (a, { signal, timeoutMs, env }) => {
  const name = `SIG${a.signal.toUpperCase().replace(/^SIG/, '')}` as NodeJS.Signals;
  if (!(name in constants.signals)) throw new Error(`crash ${a.container}: unknown signal "${a.signal}"; expected a name like KILL, TERM or SEGV`);
  const state = await containerState(a.endpoint, a.container, { signal, timeoutMs, env });
  if (!state.Running || !state.Pid) throw new Error(`crash ${a.container}: the container is ${state.Status}, so there is no process to kill`);
  const scheme = a.endpoint ? /^([a-z]+):\/\//.exec(a.endpoint)?.[1] : 'unix';
  if (scheme === 'unix' || scheme === 'npipe') {
    // The daemon's socket is on this machine, so the container's processes are too.
    process.kill(state.Pid, name);
  } else if (scheme === 'ssh') {
    await runShell(`kill -s ${name.slice(3)} ${state.Pid}`, a.endpoint, { signal, timeoutMs, env });
  } else {
    throw new Error(`crash ${a.container}: cannot reach the host behind ${a.endpoint} to kill PID ${state.Pid}; use an ssh:// endpoint (or run the drill on the Docker host)`);
  }
  return { output: `sent ${name} to PID ${state.Pid} (the main process of ${a.container}, seen from the host)` };
};
