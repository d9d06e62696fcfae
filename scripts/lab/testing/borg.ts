import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../../../src/lib/run-command.ts';
import { tempDir } from './server-process.ts';

/**
 * A real borg repository in a temp dir for collector tests (`--encryption=repokey`). The passphrase
 * goes through BORG_PASSPHRASE only; borg's config, cache and security dirs live in the temp dir
 * (BORG_BASE_DIR) rather than in ~/.config/borg and ~/.cache/borg.
 */
export interface LocalBorgRepo {
  repository: string;
  passphrase: string;
  /** Temp dir for the test's own files (folders to back up). */
  dir: string;
  /** Env every borg run of the test needs besides the passphrase: BORG_BASE_DIR. */
  baseEnv: Record<string, string>;
  create(archive: string, paths: string[], extraArgs?: string[]): Promise<void>;
  remove(): void;
}

export async function createBorgRepo(binary: string, passphrase = `pp-${Math.random().toString(36).slice(2)}`, at?: string): Promise<LocalBorgRepo> {
  const tmp = tempDir('borg');
  // `at`: a fixed repository path, so an id that contains it stays the same from one recording to the next.
  const repository = at ?? path.join(tmp.dir, 'repo');
  const baseEnv = { BORG_BASE_DIR: path.join(tmp.dir, 'base') };
  const env = { ...baseEnv, BORG_PASSPHRASE: passphrase, BORG_PASSCOMMAND: '', BORG_PASSPHRASE_FD: '', BORG_DISPLAY_PASSPHRASE: 'no' };
  const files = path.join(tmp.dir, 'files');
  mkdirSync(files);
  try {
    await runCommand(binary, ['init', '--encryption=repokey', repository], { env });
  } catch (error) {
    tmp.remove();
    throw error;
  }
  return {
    repository,
    passphrase,
    dir: files,
    baseEnv,
    async create(archive, paths, extraArgs = []) {
      await runCommand(binary, ['create', ...extraArgs, `${repository}::${archive}`, ...paths], { env });
    },
    remove: tmp.remove,
  };
}
