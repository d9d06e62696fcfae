import { runCommand } from '../../src/lib/run-command.ts';
import { definedEnv } from './shell.ts';

/**
 * The docker CLI against the drill's endpoint (`unix://…`, `tcp://…`, `ssh://root@nas`), or the
 * local default when none is given. DOCKER_HOST rather than `--host`, so a docker context in the
 * operator's environment still applies when the drill names no endpoint.
 */
export function docker(endpoint: string | undefined, args: readonly string[], options: DockerOptions): Promise<string> {
  return runCommand('docker', args, { timeout: options.timeoutMs, signal: options.signal, env: { ...definedEnv(options.env), ...(endpoint ? { DOCKER_HOST: endpoint } : {}) } });
}

export interface DockerOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

export interface ContainerState {
  Status: string;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  Pid: number;
  ExitCode: number;
  Health?: { Status: string; Log?: { ExitCode: number; Output: string }[] } | null;
}

export async function containerState(endpoint: string | undefined, container: string, options: DockerOptions): Promise<ContainerState> {
  const out = await docker(endpoint, ['inspect', '--type', 'container', '--format', '{{json .State}}', container], options);
  return JSON.parse(out) as ContainerState;
}
