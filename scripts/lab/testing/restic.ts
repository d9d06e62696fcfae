import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../../../src/lib/run-command.ts';
import { tempDir } from './server-process.ts';

/**
 * A real restic repository in a temp dir for collector tests. The password goes through
 * RESTIC_PASSWORD only, and the cache lives in the temp dir rather than ~/.cache/restic.
 */
export interface LocalResticRepo {
  repository: string;
  password: string;
  /** Temp dir for the test's own files (folders to back up). */
  dir: string;
  /** Env a restic run needs besides the password source: the temp cache dir. */
  cacheEnv: Record<string, string>;
  backup(folder: string, options?: { host?: string; tags?: string[] }): Promise<void>;
  remove(): void;
}

export async function createResticRepo(binary: string, password = `pw-${Math.random().toString(36).slice(2)}`, at?: string): Promise<LocalResticRepo> {
  const tmp = tempDir('restic');
  // `at`: a fixed repository path, so an id that contains it stays the same from one recording to the next.
  const repository = at ?? path.join(tmp.dir, 'repo');
  const cacheEnv = { RESTIC_CACHE_DIR: path.join(tmp.dir, 'cache') };
  const env = { ...cacheEnv, RESTIC_PASSWORD: password, RESTIC_PASSWORD_FILE: '', RESTIC_PASSWORD_COMMAND: '', RESTIC_REPOSITORY_FILE: '' };
  const files = path.join(tmp.dir, 'files');
  mkdirSync(files);
  try {
    await runCommand(binary, ['-r', repository, 'init'], { env });
  } catch (error) {
    tmp.remove();
    throw error;
  }
  return {
    repository,
    password,
    dir: files,
    cacheEnv,
    async backup(folder, options = {}) {
      const args = ['-r', repository, 'backup', folder, ...(options.host ? ['--host', options.host] : [])];
      for (const t of options.tags ?? []) args.push('--tag', t);
      await runCommand(binary, args, { env });
    },
    remove: () => {
      tmp.remove();
      if (at) rmSync(at, { recursive: true, force: true });
    },
  };
}
