import { CommandError, runCommand } from '../../../src/lib/run-command.ts';
import type { RestoreAction } from '../../../src/schemas/restore.ts';

/** What every tool step gets: the environment, the time left, and the drill's abort signal. */
export interface ToolContext {
  env: Record<string, string>;
  /** Epoch ms by which the whole restore must be done. */
  deadline: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Empty folder the backup is restored into (removed by the caller). */
  scratch: string;
}

/** What a tool restored, or why it could not. */
export interface ToolRestore {
  /** Snapshot id or archive name, once known. */
  snapshot: string;
  snapshotTime: Date | null;
  /** Folder holding the restored copy of `path`. */
  restored: string;
  problem?: string;
}

/** The environment variables a tool reads its password from, first the one it prefers. */
const PASSWORD_VARS = { restic: ['RESTIC_PASSWORD', 'RESTIC_PASSWORD_FILE', 'RESTIC_PASSWORD_COMMAND'], borg: ['BORG_PASSPHRASE', 'BORG_PASSCOMMAND', 'BORG_PASSPHRASE_FD'] } as const;

/**
 * The tool's environment. The password moves from the variable the drill names into the one the
 * tool reads, never onto a command line (where `ps` would show it); other password sources are
 * cleared so the named one is the one tested. Throws when the named variable is not set: that is
 * a drill that cannot run, not a backup that failed.
 */
export function toolEnv(action: RestoreAction, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  const [main, ...others] = PASSWORD_VARS[action.tool];
  if (action.password_env) {
    const value = env[action.password_env];
    if (value === undefined || value === '') {
      throw new Error(`restore drill of ${action.repository}: password_env names ${action.password_env}, but it is not set. Export ${action.password_env} with the repository password before running the drill.`);
    }
    out[main] = value;
    for (const k of others) out[k] = '';
  }
  if (action.tool === 'borg') {
    // Never wait for an answer nobody will type: borg asks on a relocated or unknown unencrypted repository.
    out.BORG_RELOCATED_REPO_ACCESS_IS_OK ??= 'no';
    out.BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK ??= 'no';
    out.BORG_DISPLAY_PASSPHRASE = 'no';
    if (!others.some((k) => out[k]) && out[main] === undefined) out[main] = '';
  }
  return out;
}

export type StepResult = { ok: true; stdout: string } | { ok: false; message: string; timedOut: boolean };

/**
 * Runs one tool command within the restore's deadline. A failure is returned (the caller turns
 * it into a problem an operator can act on); an abort, or a tool that is not installed, throws.
 */
export async function step(binary: string, args: string[], ctx: ToolContext, cwd?: string): Promise<StepResult> {
  const left = ctx.deadline - Date.now();
  if (left <= 0) return { ok: false, message: '', timedOut: true };
  try {
    // input '': stdin closed at once, so a tool asking for a password gets EOF instead of hanging.
    return { ok: true, stdout: await runCommand(binary, args, { env: ctx.env, timeout: left, signal: ctx.signal, input: '', cwd }) };
  } catch (error) {
    if (ctx.signal?.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('restore drill aborted', { cause: error });
    if (!(error instanceof CommandError)) throw error;
    if (error.stderr.includes('is not installed')) throw new Error(`restore drill: ${error.stderr}. Install it on the machine that runs the drill.`, { cause: error });
    return { ok: false, message: error.stderr, timedOut: error.stderr === 'timed out' };
  }
}

/** The tool's own words without Python tracebacks and banners: the lines an operator needs. */
export function toolWords(stderr: string, max = 3): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  const cut = lines.findIndex((l) => l.startsWith('Traceback'));
  const useful = (cut >= 0 ? lines.slice(0, cut) : lines).filter(Boolean);
  return useful.slice(-max).join(' / ');
}

export function timeoutProblem(tool: string, what: string, ctx: ToolContext): string {
  return `${tool} did not finish ${what} within ${Math.round(ctx.timeoutMs / 1000)} s, the drill's limit. If the backup is simply large, raise the restore timeout; if it is stuck, check the repository is reachable and not locked.`;
}
