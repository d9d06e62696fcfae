import { CommandError, runCommand } from '../../src/lib/run-command.ts';

export interface ShellResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ShellOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** The drill's environment (PATH, SSH_AUTH_SOCK…); defaults to the runner's own. */
  env?: NodeJS.ProcessEnv;
}

/** An environment as the command runner takes it: unset entries dropped. */
export function definedEnv(env: NodeJS.ProcessEnv | undefined): Record<string, string> | undefined {
  return env ? Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)) : undefined;
}

/**
 * `user@host`, `host` or `ssh://user@host:port` as ssh arguments. BatchMode: a drill must never
 * stop at a password prompt nobody sees; keys and ~/.ssh/config work as usual.
 */
export function sshArgs(target: string): string[] {
  const url = /^ssh:\/\/(?:([^@/]+)@)?([^:/]+)(?::(\d+))?\/?$/.exec(target);
  const dest = url ? `${url[1] ? `${url[1]}@` : ''}${url[2]}` : target;
  return ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', ...(url?.[3] ? ['-p', url[3]] : []), dest];
}

/**
 * Runs a shell command line here (`sh -c`) or on `ssh`'s target. A non-zero exit is a result, not
 * an error: probes compare it with what they expect. Only "could not run at all" throws.
 */
export async function runShell(run: string, ssh: string | undefined, options: ShellOptions): Promise<ShellResult> {
  const [file, args] = ssh ? ['ssh', [...sshArgs(ssh), '--', run]] : ['sh', ['-c', run]];
  try {
    const stdout = await runCommand(file, args, { timeout: options.timeoutMs, signal: options.signal, killDescendants: true, env: definedEnv(options.env) });
    return { exitCode: 0, stdout, stderr: '' };
  } catch (error) {
    if (!(error instanceof CommandError) || error.exitCode === undefined) throw error;
    // ssh itself exits 255 when it cannot connect: that is the drill's plumbing, not the command.
    if (ssh && error.exitCode === 255) throw new Error(`ssh to ${ssh} failed: ${error.stderr.trim().split('\n').slice(-1)[0] ?? ''}`, { cause: error });
    return { exitCode: error.exitCode, stdout: error.stdout, stderr: error.stderr };
  }
}
