import { appendFileSync, chmodSync, mkdirSync, openSync, closeSync, readdirSync, statSync, writeSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolOrSkip } from '../../../tests/helpers/require-tool.ts';
import { createResticRepo, type LocalResticRepo } from '../../lab/testing/restic.ts';
import { tempDir } from '../../lab/testing/server-process.ts';
import { writeManifest } from './manifest.ts';
import { runRestore } from './run-restore.ts';
import { largestFile, writeSampleData } from './testing-data.ts';

const restic = toolOrSkip('restic', 'apt-get install -y restic', 'restore drill (restic)');
const CANARY = 'canary-restic-pw-7f3e91';

describe.skipIf(restic === 'skip')('restore drill with real restic', () => {
  let repo: LocalResticRepo;
  let live: string;
  let scratch: { dir: string; remove: () => void };
  let manifest: string;
  const env = () => ({ ...process.env, ...repo.cacheEnv, DRILL_RESTIC_PW: repo.password, SCARBOOK_RESTORE_SCRATCH: scratch.dir });
  const action = (over: Record<string, unknown> = {}) => ({
    type: 'restore' as const, tool: 'restic' as const, repository: repo.repository, password_env: 'DRILL_RESTIC_PW',
    snapshot: 'latest', path: live, verify: { live }, sample: 10, backup: 'backup:restic-test/data', ...over,
  });

  beforeAll(async () => {
    repo = await createResticRepo(restic as string, CANARY);
    scratch = tempDir('restore-scratch');
    live = path.join(repo.dir, 'data');
    writeSampleData(live);
    manifest = path.join(repo.dir, 'data.manifest.json');
    await writeManifest(live, manifest);
    await repo.backup(live);
  });
  afterAll(() => {
    repo?.remove();
    scratch?.remove();
  });

  it('restores the latest snapshot, verifies it against the live folder, and cleans up', async () => {
    const result = await runRestore(action(), { env: env(), timeoutMs: 120_000 });
    expect(result.problem).toBeUndefined();
    expect(result).toMatchObject({ tool: 'restic', verified: true, files: 30, checksumsCompared: 10, backup: 'backup:restic-test/data', repository: repo.repository });
    expect(result.bytes).toBe(Array.from({ length: 30 }, (_, i) => (20 + i * 40) * 32).reduce((a, b) => a + b, 0));
    expect(result.snapshot).toMatch(/^[0-9a-f]{8}$/);
    expect(result.restoreMs).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(readdirSync(scratch.dir)).toEqual([]);
  });

  it('verifies against a manifest written at backup time', async () => {
    const result = await runRestore(action({ verify: { manifest }, sample: 100 }), { env: env(), timeoutMs: 120_000 });
    expect(result).toMatchObject({ verified: true, files: 30, checksumsCompared: 30 });
  });

  it('says the password is wrong, naming the variable and never the password', async () => {
    const result = await runRestore(action(), { env: { ...env(), DRILL_RESTIC_PW: `${CANARY}-wrong` }, timeoutMs: 60_000 });
    expect(result.verified).toBe(false);
    expect(result.problem).toMatch(/the password in DRILL_RESTIC_PW does not open the restic repository/);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('refuses to run when the password variable is not set', async () => {
    const { DRILL_RESTIC_PW: _, ...without } = env();
    await expect(runRestore(action(), { env: without, timeoutMs: 60_000 })).rejects.toThrow(/password_env names DRILL_RESTIC_PW, but it is not set/);
  });

  it('an abort (the drill runner\'s Ctrl-C) kills restic, throws the reason and leaves no scratch folder', async () => {
    const controller = new AbortController();
    // restic spends far longer than this deriving the key, so the abort lands mid-command.
    setTimeout(() => controller.abort(new Error('drill interrupted by SIGINT')), 30);
    await expect(runRestore(action(), { env: env(), timeoutMs: 60_000, signal: controller.signal })).rejects.toThrow('drill interrupted by SIGINT');
    expect(readdirSync(scratch.dir)).toEqual([]);
  });

  it('reports a path that is not in any snapshot', async () => {
    const other = path.join(repo.dir, 'never-backed-up');
    mkdirSync(other, { recursive: true });
    const result = await runRestore(action({ path: other, verify: { live: other } }), { env: env(), timeoutMs: 60_000 });
    expect(result.verified).toBe(false);
    expect(result.problem).toMatch(/has no snapshot cover .*never-backed-up: the path is not backed up there/);
  });

  it('reports live data modified after the backup as a mismatch (but the manifest still matches)', async () => {
    const file = path.join(live, 'docs/f03.bin');
    appendFileSync(file, 'changed after the backup');
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    const result = await runRestore(action({ sample: 100 }), { env: env(), timeoutMs: 120_000 });
    expect(result.verified).toBe(false);
    expect(result.problem).toContain('1 file(s) differ in size (docs/f03.bin)');
    expect(result.problem).toContain('changed after the snapshot was taken');
    const viaManifest = await runRestore(action({ verify: { manifest } }), { env: env(), timeoutMs: 120_000 });
    expect(viaManifest.verified).toBe(true);
  });

  // Last: it damages the repository for good.
  it('fails with a clear message when a pack file in the repository is corrupted', async () => {
    const pack = largestFile(path.join(repo.repository, 'data'));
    chmodSync(pack, 0o600);
    const fd = openSync(pack, 'r+');
    writeSync(fd, Buffer.alloc(64, 0x58), 0, 64, Math.floor(statSync(pack).size / 2));
    closeSync(fd);
    const result = await runRestore(action({ verify: { manifest } }), { env: env(), timeoutMs: 120_000 });
    expect(result.verified).toBe(false);
    expect(result.problem).toMatch(/restic could not restore \d+ file\(s\) of snapshot [0-9a-f]{8} \(.*: ciphertext verification failed.*\): the repository is damaged\. Run `restic -r .* check --read-data`/);
    expect(readdirSync(scratch.dir)).toEqual([]);
  });
});
