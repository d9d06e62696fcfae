import { execa } from 'execa';

/** A command that failed: names the command, its exit code and what it printed on stderr. */
export class CommandError extends Error {
  readonly command: string;
  readonly exitCode: number | undefined;
  readonly stderr: string;
  /** What the command printed on stdout before failing (a probe may still want to read it). */
  readonly stdout: string;
  constructor(command: string, exitCode: number | undefined, stderr: string, options?: { cause?: unknown; stdout?: string }) {
    const tail = stderr.trim().split('\n').slice(-5).join('\n');
    super(`\`${command}\` failed${exitCode === undefined ? '' : ` with exit code ${exitCode}`}${tail ? `:\n${tail}` : ''}`, options);
    this.name = 'CommandError';
    this.command = command;
    this.exitCode = exitCode;
    this.stderr = stderr;
    this.stdout = options?.stdout ?? '';
  }
}

export interface RunOptions {
  cwd?: string;
  /** Milliseconds before the command is killed; a hung command must not hang the build. */
  timeout?: number;
  env?: Record<string, string>;
  input?: string;
  /** Aborting kills the command (the drill runner's Ctrl-C); the caller then sees the signal's reason. */
  signal?: AbortSignal;
  /** On timeout or abort, kill the command's whole process tree (a shell line's `sleep`, `until` loop…), not just the direct child. */
  killDescendants?: boolean;
}

/**
 * The one place that runs external commands. Returns stdout; throws a CommandError that says
 * which command failed and why, so callers never parse execa's error shapes themselves.
 */
export async function runCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const command = [file, ...args].join(' ');
  try {
    const result = await execa(file, args, {
      cwd: options.cwd,
      timeout: options.timeout ?? 60_000,
      env: options.env,
      input: options.input,
      cancelSignal: options.signal,
      killDescendants: options.killDescendants,
      stripFinalNewline: false,
      maxBuffer: 256 * 1024 * 1024,
    });
    return result.stdout;
  } catch (error) {
    const e = error as { exitCode?: number; stderr?: string; stdout?: string; timedOut?: boolean; code?: string };
    const reason = e.timedOut ? 'timed out' : e.code === 'ENOENT' ? `${file} is not installed or not on PATH` : (e.stderr ?? '');
    throw new CommandError(command, e.exitCode, reason, { cause: error, stdout: typeof e.stdout === 'string' ? e.stdout : '' });
  }
}
