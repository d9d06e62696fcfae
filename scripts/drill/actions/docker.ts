import type { Action } from '../../../src/schemas/drill.ts';
import { docker } from '../docker-cli.ts';
import type { ActionRun } from './action.ts';

type Docker = Extract<Action, { type: 'docker' }>;

/** `docker stop|kill|pause|unpause|restart|start <container>`, `docker network disconnect|connect <network> <container>`. */
export const runDocker: ActionRun<Docker> = async (a, { signal, timeoutMs, env }) => {
  const networked = a.action === 'disconnect' || a.action === 'connect';
  if (networked && !a.network) throw new Error(`docker ${a.action} needs a network: add network: <name> to the action`);
  const args = networked ? ['network', a.action, a.network!, a.container] : [a.action, a.container];
  const output = await docker(a.endpoint, args, { signal, timeoutMs, env });
  return { output: output.trim() };
};
