import { closeSync, openSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolOrSkip } from '../../../tests/helpers/require-tool.ts';
import { createBorgRepo, type LocalBorgRepo } from '../../lab/testing/borg.ts';
import { tempDir } from '../../lab/testing/server-process.ts';
import { runRestore } from './run-restore.ts';
import { largestFile, writeSampleData } from './testing-data.ts';

const borg = toolOrSkip('borg', 'apt-get install -y borgbackup', 'restore drill (borg)');
const CANARY = 'canary-borg-pp-41c0d2';

describe.skipIf(borg === 'skip')('restore drill with real borg', () => {
  let repo: LocalBorgRepo;
  let live: string;
  let scratch: { dir: string; remove: () => void };
  const env = () => ({ ...process.env, ...repo.baseEnv, DRILL_BORG_PP: repo.passphrase, SCARBOOK_RESTORE_SCRATCH: scratch.dir });
  const action = (over: Record<string, unknown> = {}) => ({
    type: 'restore' as const, tool: 'borg' as const, repository: repo.repository, password_env: 'DRILL_BORG_PP',
    snapshot: 'latest', path: live, verify: { live }, sample: 10, ...over,
  });

  beforeAll(async () => {
    repo = await createBorgRepo(borg as string, CANARY);
    scratch = tempDir('restore-scratch');
    live = path.join(repo.dir, 'data');
    writeSampleData(live);
    await repo.create('first', [live]);
    await repo.create('nightly-2', [live]);
  });
  afterAll(() => {
    repo?.remove();
    scratch?.remove();
  });

  it('extracts the newest archive and verifies it against the live folder', async () => {
    const result = await runRestore(action(), { env: env(), timeoutMs: 120_000 });
    expect(result.problem).toBeUndefined();
    expect(result).toMatchObject({ tool: 'borg', snapshot: 'nightly-2', verified: true, files: 30, checksumsCompared: 10 });
    expect(result.restoreMs).toBeGreaterThan(0);
    expect(readdirSync(scratch.dir)).toEqual([]);
  });

  it('extracts a named archive', async () => {
    const result = await runRestore(action({ snapshot: 'first' }), { env: env(), timeoutMs: 120_000 });
    expect(result).toMatchObject({ snapshot: 'first', verified: true });
  });

  it('says the passphrase is wrong, naming the variable and never the passphrase', async () => {
    const result = await runRestore(action(), { env: { ...env(), DRILL_BORG_PP: `${CANARY}-wrong` }, timeoutMs: 60_000 });
    expect(result.verified).toBe(false);
    expect(result.problem).toMatch(/the passphrase in DRILL_BORG_PP does not open the borg repository/);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('reports a file deleted from the live folder since the backup', async () => {
    unlinkSync(path.join(live, 'docs/f00.bin'));
    const result = await runRestore(action(), { env: env(), timeoutMs: 120_000 });
    expect(result.verified).toBe(false);
    expect(result.problem).toContain('1 restored file(s) are not in the live folder');
    expect(result.problem).toContain('docs/f00.bin');
  });

  // Last: it damages the repository for good.
  it('fails with a clear message when a segment in the repository is corrupted', async () => {
    const segment = largestFile(path.join(repo.repository, 'data'));
    const fd = openSync(segment, 'r+');
    writeSync(fd, Buffer.alloc(64, 0x58), 0, 64, Math.floor(statSync(segment).size / 2));
    closeSync(fd);
    const result = await runRestore(action(), { env: env(), timeoutMs: 120_000 });
    expect(result.verified).toBe(false);
    expect(result.problem).toMatch(/^borg could not read archive nightly-2: Data integrity error: .*The repository is damaged: run `borg check --verify-data /);
    expect(result.problem).not.toContain('Traceback');
    expect(readdirSync(scratch.dir)).toEqual([]);
  });
});
