import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RestoreActionSchema, type RestoreAction } from '../../../src/schemas/restore.ts';
import type { RestoreResult } from '../../../src/schemas/drill-journal.ts';
import { parseFrontmatter } from '../../../src/schemas/format-error.ts';
import { REDACTED, stripUrlCredentials } from '../../lab/redact.ts';
import { restoreBorg } from './borg.ts';
import { readManifest } from './manifest.ts';
import { restoreRestic } from './restic.ts';
import { toolEnv, type ToolContext } from './tool-run.ts';
import { verifyRestore, type Reference } from './verify.ts';

export interface RestoreOptions {
  signal?: AbortSignal;
  env: NodeJS.ProcessEnv;
  /** The whole restore (listing, restoring) must finish within this; verification is not counted. */
  timeoutMs: number;
}

const TOOLS = { restic: restoreRestic, borg: restoreBorg };

/**
 * Restores the latest (or named) snapshot of `action.path` into a scratch folder, verifies it
 * against the live folder or a manifest, measures the restore, and removes the scratch folder.
 * A backup that cannot be restored or does not match is `verified: false` with a `problem`;
 * only a drill that cannot run at all throws (bad action, password variable not set, reference
 * missing, tool not installed, aborted).
 */
export async function runRestore(action: RestoreAction, options: RestoreOptions): Promise<RestoreResult> {
  const act = parseFrontmatter(RestoreActionSchema, action, 'restore action');
  if (!(options.timeoutMs > 0)) throw new Error(`runRestore: timeoutMs must be a positive number of milliseconds, got ${options.timeoutMs}`);
  const reference = loadReference(act);
  const env = toolEnv(act, options.env);
  const secret = act.password_env ? options.env[act.password_env] : undefined;
  options.signal?.throwIfAborted();

  const root = options.env.SCARBOOK_RESTORE_SCRATCH || tmpdir();
  const scratch = mkdtempSync(path.join(root, `scarbook-restore-${act.tool}-`));
  try {
    const ctx: ToolContext = { env, deadline: Date.now() + options.timeoutMs, timeoutMs: options.timeoutMs, signal: options.signal, scratch };
    const started = performance.now();
    const restored = await TOOLS[act.tool](act, ctx);
    const restoreMs = Math.round(performance.now() - started);
    const result: RestoreResult = {
      tool: act.tool,
      repository: stripUrlCredentials(act.repository),
      snapshot: restored.snapshot,
      ...(act.backup ? { backup: act.backup } : {}),
      files: 0,
      bytes: 0,
      checksumsCompared: 0,
      restoreMs,
      verified: false,
    };
    if (restored.problem) return scrub({ ...result, problem: restored.problem }, secret);
    options.signal?.throwIfAborted();
    const check = await verifyRestore(restored.restored, reference, act.sample, restored.snapshotTime);
    return scrub({ ...result, files: check.files, bytes: check.bytes, checksumsCompared: check.checksumsCompared, verified: !check.problem, ...(check.problem ? { problem: check.problem } : {}) }, secret);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The live folder or the manifest; a drill pointing at neither cannot say anything, so it throws. */
function loadReference(act: RestoreAction): Reference {
  if ('manifest' in act.verify) return { manifest: readManifest(act.verify.manifest), file: act.verify.manifest };
  try {
    if (!statIsDir(act.verify.live)) throw new Error('not a folder');
  } catch (e) {
    throw new Error(`restore drill of ${act.path}: verify.live ${act.verify.live} is not a readable folder (${(e as Error).message}). Point it at the live copy of the backed-up data, or verify against a manifest instead.`);
  }
  return { live: act.verify.live };
}

function statIsDir(p: string): boolean {
  return statSync(p).isDirectory();
}

/** A tool may echo what it was given; the password never leaves in the result. */
function scrub(result: RestoreResult, secret: string | undefined): RestoreResult {
  if (!secret || !result.problem) return result;
  return { ...result, problem: result.problem.split(secret).join(REDACTED) };
}
