import { chmodSync, closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolOrSkip } from '../../tests/helpers/require-tool.ts';
import { createResticRepo, type LocalResticRepo } from '../lab/testing/restic.ts';
import { tempDir } from '../lab/testing/server-process.ts';
import { largestFile, writeSampleData } from './restore/testing-data.ts';
import { startDrill } from './start-drill.ts';
import { copyExampleLab, drillRoot, type DrillRoot } from './testing/drill-root.ts';

/** A restore drill through the runner with real restic: verified is survived, a damaged repository is failed. */
const restic = toolOrSkip('restic', 'apt-get install -y restic', 'restore drill');
(restic === 'skip' ? describe.skip : describe)('restore drill through the runner, real restic', () => {
  let repo: LocalResticRepo;
  let lab: DrillRoot;
  let live: { dir: string; remove: () => void };
  beforeAll(async () => {
    repo = await createResticRepo(restic as string);
    live = tempDir('restore-live');
    writeSampleData(live.dir);
    await repo.backup(live.dir, { host: 'nas' });
    lab = drillRoot();
    copyExampleLab(lab.contentPath);
    lab.writeDrill('restore-photos', {
      targets: ['container:nas/nextcloud'], mode: 'sandbox', hypothesis: 'The photos come back.',
      recovery: { timeout: '5s', poll_interval: '200ms' },
      steady_state: [{ type: 'command', run: 'test -d "$LIVE_DIR"' }],
      fault: [{ type: 'restore', tool: 'restic', repository: '${REPO}', password_env: 'PHOTO_PASSWORD', path: live.dir, verify: { live: '${LIVE_DIR}' }, sample: 5, timeout: '2m' }],
    });
  });
  afterAll(() => {
    repo?.remove();
    live?.remove();
    lab?.remove();
  });
  const run = () => startDrill('restore-photos', {
    contentPath: lab.contentPath, root: lab.root, signal: new AbortController().signal,
    env: { ...process.env, ...repo.cacheEnv, REPO: repo.repository, LIVE_DIR: live.dir, PHOTO_PASSWORD: repo.password },
  }).then((r) => {
    if (r.kind !== 'ran') throw new Error('expected a run');
    expect(readFileSync(r.file, 'utf8')).not.toContain(repo.password);
    return r.journal;
  });

  it('a restore that verifies: survived, with what was restored in journal.restore', async () => {
    const j = await run();
    expect(j.outcome).toBe('survived');
    expect(j.restore).toMatchObject({ tool: 'restic', repository: repo.repository, files: 30, verified: true, checksumsCompared: 5 });
    expect(j.reason).toMatch(/^restore of restic snapshot [0-9a-f]{8} verified \(30 files, \d+ bytes, 5 checksums compared, restored in [\d.]+ s\); steady state held again/);
  });

  it('a corrupted pack file: failed, with restic\'s reason and what to do', async () => {
    const pack = largestFile(path.join(repo.repository, 'data'));
    chmodSync(pack, 0o600);
    const fd = openSync(pack, 'r+');
    writeSync(fd, Buffer.alloc(64, 0x58), 0, 64, Math.floor(statSync(pack).size / 2));
    closeSync(fd);
    const j = await run();
    expect(j.outcome).toBe('failed');
    expect(j.restore?.verified).toBe(false);
    expect(j.reason).toMatch(/^the restore did not verify: restic could not restore .*the repository is damaged\. Run `restic -r .* check --read-data`/);
  });
});
