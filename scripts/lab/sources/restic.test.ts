import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySchema } from '../../../src/schemas/lab.ts';
import { toolOrSkip } from '../../../tests/helpers/require-tool.ts';
import { createResticRepo, type LocalResticRepo } from '../testing/restic.ts';
import { testFetchContext } from '../testing/server-process.ts';
import { resticCollector, ResticConfigSchema, type ResticConfig } from './restic.ts';

const here = import.meta.dirname;
const corpus = path.join(here, '../../../tests/corpora/lab-outputs/backup/restic-snapshots-json-docs-example.json');
const recorded = path.join(here, '__recorded__/restic');
const config = (over: Partial<ResticConfig> = {}): ResticConfig =>
  ResticConfigSchema.parse({ name: 'restic', type: 'restic', repository: '/srv/backup/restic', passwordEnv: 'RESTIC_LAB_PW', ...over });

describe('restic parse', () => {
  it('reads the docs example: one backup per (host, path)', () => {
    const obs = resticCollector.parse({ 'snapshots.json': readFileSync(corpus, 'utf8') }, config());
    for (const e of obs.entities) EntitySchema.parse(e);
    expect(obs.edges).toEqual([]);
    expect(obs.entities).toEqual([
      { id: 'backup:restic:/srv/backup/restic/kasimir:/home/user/shared', kind: 'backup', name: 'kasimir:/home/user/shared', status: 'up',
        sources: ['restic'], aliases: [], attributes: { tool: 'restic', repository: '/srv/backup/restic', host: 'kasimir',
          path: '/home/user/shared', latest: '2017-03-11T08:58:57.541Z', snapshots: 1, tags: [] } },
      { id: 'backup:restic:/srv/backup/restic/kasimir:/home/work/doc', kind: 'backup', name: 'kasimir:/home/work/doc', status: 'up',
        sources: ['restic'], aliases: [], attributes: { tool: 'restic', repository: '/srv/backup/restic', host: 'kasimir',
          path: '/home/work/doc', latest: '2017-03-11T08:57:43.266Z', snapshots: 1, tags: [] } },
    ]);
  });

  it('counts multi-path snapshots once per path, unions tags, strips credentials from the repository', () => {
    const snapshots = [
      { time: '2026-01-02T03:00:00Z', paths: ['/srv/a', '/srv/b'], hostname: 'NAS.lab.example', tags: ['daily'] },
      { time: '2026-01-03T03:00:00+01:00', paths: ['/srv/a'], hostname: 'NAS.lab.example', tags: ['weekly', 'daily'] },
    ];
    const repository = 'rest:http://backup:canary-restic-9c4d@127.0.0.1:1/repo';
    const obs = resticCollector.parse({ 'snapshots.json': JSON.stringify(snapshots) }, config({ repository }));
    expect(JSON.stringify(obs)).not.toContain('canary');
    expect(obs.entities.map((e) => [e.id, e.attributes!['snapshots'], e.attributes!['latest'], e.attributes!['tags']])).toEqual([
      ['backup:restic:rest:http://127.0.0.1:1/repo/nas:/srv/a', 2, '2026-01-03T02:00:00.000Z', ['daily', 'weekly']],
      ['backup:restic:rest:http://127.0.0.1:1/repo/nas:/srv/b', 1, '2026-01-02T03:00:00.000Z', ['daily']],
    ]);
    expect(obs.entities[0]!.attributes!['repository']).toBe('rest:http://127.0.0.1:1/repo');
    // `host` replaces the recorded hostname (restic run in a container records the container id).
    const pinned = resticCollector.parse({ 'snapshots.json': JSON.stringify(snapshots) }, config({ host: 'vault' }));
    expect(pinned.entities.map((e) => e.attributes!['host'])).toEqual(['vault', 'vault']);
  });

  it('reads an empty repository (`[]`, or `null` from old restic) as no backups', () => {
    expect(resticCollector.parse({ 'snapshots.json': '[]' }, config()).entities).toEqual([]);
    expect(resticCollector.parse({ 'snapshots.json': 'null' }, config()).entities).toEqual([]);
  });
});

const resticBin = toolOrSkip('restic', 'Install it with `apt-get install -y restic`', 'restic collector');

describe.skipIf(resticBin === 'skip')('restic collector against a real repository', () => {
  let repo: LocalResticRepo | undefined;
  let folder: string;
  beforeAll(async () => {
    repo = await createResticRepo(resticBin);
    // Like a folder a container bind-mounts (`/srv/app/data:/data`).
    folder = path.join(repo.dir, 'srv', 'app', 'data');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'app.db'), 'one');
    await repo.backup(folder, { host: 'nas', tags: ['app'] });
    writeFileSync(path.join(folder, 'app.db'), 'two');
    await repo.backup(folder, { host: 'nas', tags: ['app'] });
  }, 120_000);
  afterAll(() => repo?.remove());

  const ctx = (env: Record<string, string>) => ({ ...testFetchContext('restic', repo!.cacheEnv), env: { ...process.env, ...env } });

  it('finds one backup of the folder with two snapshots and the newest time', async () => {
    const cfg = config({ repository: repo!.repository, passwordEnv: 'RESTIC_LAB_PW' });
    const raw = await resticCollector.fetch(cfg, ctx({ RESTIC_LAB_PW: repo!.password }));
    const obs = resticCollector.parse(raw, cfg);
    for (const e of obs.entities) EntitySchema.parse(e);
    const times = (JSON.parse(raw['snapshots.json']!) as { time: string }[]).map((s) => Date.parse(s.time));
    expect(obs.entities).toEqual([{
      id: `backup:restic:${repo!.repository}/nas:${folder}`, kind: 'backup', name: `nas:${folder}`, status: 'up', sources: ['restic'], aliases: [],
      attributes: { tool: 'restic', repository: repo!.repository, host: 'nas', path: folder,
        latest: new Date(Math.max(...times)).toISOString(), snapshots: 2, tags: ['app'] },
    }]);
    expect(JSON.stringify(raw)).not.toContain(repo!.password);
    if (process.env['SCARBOOK_RECORD_LAB']) {
      mkdirSync(recorded, { recursive: true });
      writeFileSync(path.join(recorded, 'snapshots.json'), raw['snapshots.json']!);
    }
  });

  it('says the password env var is wrong, naming the repository but not the password', async () => {
    const cfg = config({ repository: repo!.repository, passwordEnv: 'RESTIC_LAB_WRONG' });
    const error = await resticCollector.fetch(cfg, ctx({ RESTIC_LAB_WRONG: 'not-the-password-77' })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain(`restic source restic: repository ${repo!.repository} rejected the password in $RESTIC_LAB_WRONG`);
    expect(String(error)).not.toContain('not-the-password-77');
    await expect(resticCollector.fetch(cfg, ctx({}))).rejects.toThrow(/\$RESTIC_LAB_WRONG \(passwordEnv\) is not set/);
  });

  it('says there is no repository at a wrong path', async () => {
    const cfg = config({ repository: path.join(repo!.dir, 'nothing-here'), passwordEnv: 'RESTIC_LAB_PW' });
    await expect(resticCollector.fetch(cfg, ctx({ RESTIC_LAB_PW: repo!.password }))).rejects.toThrow(/there is no restic repository at .*nothing-here/);
  });
});

describe('restic parse of recorded real output', () => {
  it('finds one backup with two snapshots', () => {
    const obs = resticCollector.parse({ 'snapshots.json': readFileSync(path.join(recorded, 'snapshots.json'), 'utf8') }, config());
    expect(obs.entities).toHaveLength(1);
    expect(obs.entities[0]!.attributes).toMatchObject({ host: 'nas', snapshots: 2, tags: ['app'], path: expect.stringMatching(/\/srv\/app\/data$/) });
  });
});
