import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { acquireLock, type Lock } from '../lab/atomic-file.ts';

/** A refusal before anything ran: the CLI prints it and exits 2. */
export class DrillRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillRefused';
  }
}

export const KILL_SWITCH_FILE = '.drills-disabled';

/**
 * The kill switch: SCARBOOK_DRILLS_DISABLED=1, or a `.drills-disabled` file at the repository
 * root (whose text, if any, says why). Either refuses every drill.
 */
export function checkKillSwitch(root: string, env: NodeJS.ProcessEnv): void {
  const v = env.SCARBOOK_DRILLS_DISABLED?.trim().toLowerCase();
  if (v && !['0', 'false', 'no', ''].includes(v)) {
    throw new DrillRefused(`drills are disabled: SCARBOOK_DRILLS_DISABLED=${env.SCARBOOK_DRILLS_DISABLED} is set. Unset it (unset SCARBOOK_DRILLS_DISABLED) to run drills again.`);
  }
  const file = path.join(root, KILL_SWITCH_FILE);
  if (existsSync(file)) {
    const why = readFileSync(file, 'utf8').trim().split('\n')[0];
    throw new DrillRefused(`drills are disabled by ${KILL_SWITCH_FILE} at the repository root${why ? ` ("${why}")` : ''}. Remove that file to run drills again.`);
  }
}

/** One drill at a time: two faults at once make neither result mean anything. */
export async function takeDrillLock(contentPath: string): Promise<Lock> {
  const file = path.join(contentPath, 'lab', '.drill.lock');
  try {
    return await acquireLock(file);
  } catch (error) {
    const holder = /PID (\d+)/.exec((error as Error).message)?.[1];
    if (!holder) throw error;
    throw new DrillRefused(`another drill is running (PID ${holder}, lock ${file}); one drill at a time. Wait for it to finish, or remove the lock if PID ${holder} is not a drill.`);
  }
}
