import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EntitySchema } from '../../../src/schemas/lab.ts';
import { toolOrSkip } from '../../../tests/helpers/require-tool.ts';
import { createBorgRepo, type LocalBorgRepo } from '../testing/borg.ts';
import { testFetchContext } from '../testing/server-process.ts';
import { standIn, type StandIn } from '../testing/stand-in.ts';
import { backedUpPaths, borgCollector, BorgConfigSchema, summarizeList, type BorgConfig } from './borg.ts';

const here = import.meta.dirname;
const recorded = path.join(here, '__recorded__/borg');
const config = (over: Partial<BorgConfig> = {}): BorgConfig =>
  BorgConfigSchema.parse({ name: 'borg', type: 'borg', repository: '/srv/backup/borg', passphraseEnv: 'BORG_LAB_PP', ...over });
const readCase = (name: string) => Object.fromEntries(readdirSync(path.join(recorded, name)).filter((f) => f.endsWith('.json')).map((f) => [f, readFileSync(path.join(recorded, name, f), 'utf8')]));

describe('borg parse of real output', () => {
  it('vorta `borg list --json` (borg 1.1, BorgBase): 6 archives, newest time as written, encryption mode', () => {
    expect(summarizeList(readCase('vorta-borg1.1')['list.json']!)).toEqual({
      archives: 6, latest: '2018-11-06T12:35:09.000000', repositoryId: '3c1861de5908546a65409ed6b98024c0a4845d5348496010896798368c2424dd', encryption: 'repokey-blake2',
    });
  });

  it('vorta `borg info --json <repo>` (borg 1.1, another BorgBase repo): repository-level info parses beside a list', () => {
    const raw = readCase('vorta-borg1.1');
    const obs = borgCollector.parse({ 'list.json': JSON.stringify({ ...JSON.parse(raw['list.json']!), archives: [] }), 'info.json': raw['info.json']! }, config());
    expect(obs).toEqual({ entities: [], edges: [] });
    expect(borgCollector.sanitize!(raw, config())['info.json']).toContain('ssh://w66xh7lj.repo.borgbase.com/./repo');
  });

  it('vorta list without the newest archive\'s info: a one-line error saying to re-record', () => {
    const raw = readCase('vorta-borg1.1');
    expect(() => borgCollector.parse(raw, config())).toThrow(/^borg source borg: raw output has no archive.json; re-record it\.$/);
  });

  it('recorded from a real borg repository: one backup per path of the newest archive', () => {
    const raw = readCase('local');
    const obs = borgCollector.parse(raw, config());
    for (const e of obs.entities) EntitySchema.parse(e);
    expect(obs.entities.map((e) => e.attributes)).toEqual([
      expect.objectContaining({ tool: 'borg', repository: '/srv/backup/borg', host: 'nas', path: expect.stringMatching(/\/srv\/app\/data$/), archives: 2, encryption: 'repokey' }),
      expect.objectContaining({ path: expect.stringMatching(/\/srv\/app\/media$/), archives: 2 }),
    ]);
    expect(obs.entities[0]!.id).toMatch(/^backup:borg:\/srv\/backup\/borg\/nas:\/.*\/srv\/app\/data$/);
  });
});

describe('borg parse', () => {
  const list = (archives: { name: string; time: string }[], extra: Record<string, unknown> = { encryption: { mode: 'repokey' } }) =>
    JSON.stringify({ archives, repository: { id: 'abc', location: '/x', last_modified: '2026-01-01T00:00:00.000000' }, ...extra });
  const archive = (command_line: string[], hostname = 'NAS.lab.example') => JSON.stringify({ archives: [{ name: 'a2', hostname, command_line }] });

  it('paths are the arguments after the archive, without options and their values', () => {
    expect(backedUpPaths(['/usr/bin/borg', 'create', '--stats', '-C', 'lz4', '/r::a', '/etc', '/srv/data', '--exclude', '*.tmp', '-x', '/home'])).toEqual(['/etc', '/srv/data', '/home']);
    expect(backedUpPaths(['borg', 'create', '::{hostname}-{now}', '/etc'])).toEqual(['/etc']);
    expect(backedUpPaths(['borg', 'create'])).toEqual([]);
  });

  it('an empty repository has no backups; a missing `encryption` (old borg) is null, not an error', () => {
    expect(borgCollector.parse({ 'list.json': list([]) }, config())).toEqual({ entities: [], edges: [] });
    const obs = borgCollector.parse({ 'list.json': list([{ name: 'a1', time: '2026-01-01T03:00:00.000000' }, { name: 'a2', time: '2026-01-02T03:00:00.000000' }], {}),
      'archive.json': archive(['borg', 'create', '/r::a2', '/srv/a']) }, config({ repository: 'ssh://backup:canary-borg-1@vault:22/./repo' }));
    expect(obs.entities).toEqual([{ id: 'backup:borg:ssh://vault:22/./repo/nas:/srv/a', kind: 'backup', name: 'NAS.lab.example:/srv/a', status: 'up', sources: ['borg'], aliases: [],
      attributes: { tool: 'borg', repository: 'ssh://vault:22/./repo', host: 'NAS.lab.example', path: '/srv/a', latest: '2026-01-02T03:00:00.000000', archives: 2, encryption: null } }]);
    expect(JSON.stringify(obs)).not.toContain('canary');
  });

  it('truncated JSON, a list without `archives`, an HTML page: one line naming the file', () => {
    const good = list([{ name: 'a1', time: '2026-01-01T03:00:00.000000' }]);
    expect(() => borgCollector.parse({ 'list.json': good.slice(0, 40) }, config())).toThrow(/^borg source borg: list.json is not the JSON borg prints \(not JSON: .*re-record it\.$/);
    expect(() => borgCollector.parse({ 'list.json': '{"repository": {"id": "x"}}' }, config())).toThrow(/^borg source borg: list.json is not the JSON borg prints \(archives: /);
    expect(() => borgCollector.parse({ 'list.json': '<html>login</html>' }, config())).toThrow(/^borg source borg: list.json is not the JSON borg prints/);
  });
});

describe('borg fetch errors through a stand-in `borg`', () => {
  let fake: StandIn | undefined;
  afterEach(() => fake?.remove());
  const fetchWith = (s: StandIn, cfg = config()) => borgCollector.fetch(cfg, { ...testFetchContext('borg', s.env), env: { ...process.env, BORG_LAB_PP: 'canary-pp-42' } });

  it('an HTML page instead of JSON', async () => {
    fake = standIn('borg', { expectArgs: ['list', '--json', '/srv/backup/borg'], stdout: '<!DOCTYPE html><title>Login</title>' });
    await expect(fetchWith(fake)).rejects.toThrow(/^borg source borg: `borg list --json \/srv\/backup\/borg` printed something that is not borg's JSON \(it looks like an HTML page\)/);
  });

  it('a hung borg times out', async () => {
    fake = standIn('borg', { sleepSeconds: 5 });
    await expect(fetchWith(fake, config({ timeoutMs: 300 }))).rejects.toThrow(/^borg source borg: borg timed out on \/srv\/backup\/borg/);
  });

  it('never puts the passphrase on the command line', async () => {
    fake = standIn('borg', { stderr: 'Repository /srv/backup/borg does not exist.\n', exitCode: 2 });
    await expect(fetchWith(fake)).rejects.toThrow(/there is no borg repository at \/srv\/backup\/borg/);
    expect(JSON.stringify(fake.calls())).not.toContain('canary-pp-42');
  });
});

const borgBin = toolOrSkip('borg', 'Install it with `apt-get install -y borgbackup`', 'borg collector');

describe.skipIf(borgBin === 'skip')('borg collector against a real repository', () => {
  let repo: LocalBorgRepo | undefined;
  let data: string;
  let media: string;
  beforeAll(async () => {
    repo = await createBorgRepo(borgBin);
    data = path.join(repo.dir, 'srv', 'app', 'data');
    media = path.join(repo.dir, 'srv', 'app', 'media');
    mkdirSync(data, { recursive: true });
    mkdirSync(media, { recursive: true });
    writeFileSync(path.join(data, 'app.db'), 'one');
    await repo.create('first', [data]);
    writeFileSync(path.join(data, 'app.db'), 'two');
    writeFileSync(path.join(media, 'a.jpg'), 'jpg');
    await repo.create('second', [data, media, '--exclude', '*.tmp'], ['--compression', 'lz4']);
  }, 120_000);
  afterAll(() => repo?.remove());

  const ctx = (env: Record<string, string>) => ({ ...testFetchContext('borg', repo!.baseEnv), env: { ...process.env, ...env } });

  it('finds both paths of the newest archive, two archives, the machine\'s hostname', async () => {
    const cfg = config({ repository: repo!.repository });
    const raw = await borgCollector.fetch(cfg, ctx({ BORG_LAB_PP: repo!.passphrase }));
    expect(Object.keys(raw).sort()).toEqual(['archive.json', 'info.json', 'list.json']);
    expect(JSON.stringify(raw)).not.toContain(repo!.passphrase);
    const obs = borgCollector.parse(raw, cfg);
    for (const e of obs.entities) EntitySchema.parse(e);
    const latest = (JSON.parse(raw['list.json']!) as { archives: { name: string; time: string }[] }).archives.find((a) => a.name === 'second')!.time;
    expect(obs.entities.map((e) => e.attributes)).toEqual([data, media].map((p) => ({
      tool: 'borg', repository: repo!.repository, host: hostname(), path: p, latest, archives: 2, encryption: 'repokey',
    })));
    expect(JSON.stringify(obs)).not.toContain(repo!.passphrase);
    if (process.env['SCARBOOK_RECORD_LAB']) {
      mkdirSync(path.join(recorded, 'local'), { recursive: true });
      // The archives' hostname is this machine's: recorded as `nas`, like the restic recording.
      for (const [file, text] of Object.entries(borgCollector.sanitize!(raw, cfg))) {
        writeFileSync(path.join(recorded, 'local', file), file === 'archive.json' ? text.replace(JSON.stringify(hostname()), '"nas"') : text);
      }
    }
  });

  it('says the passphrase is wrong, naming the env var and repository but not the passphrase', async () => {
    const cfg = config({ repository: repo!.repository, passphraseEnv: 'BORG_LAB_WRONG' });
    const error = (await borgCollector.fetch(cfg, ctx({ BORG_LAB_WRONG: 'not-the-passphrase-77' })).catch((e: Error) => e)) as Error;
    expect(error.message).toContain(`borg source borg: repository ${repo!.repository} rejected the passphrase in $BORG_LAB_WRONG`);
    expect(error.message).not.toContain('not-the-passphrase-77');
    expect(error.message).not.toContain('\n');
    await expect(borgCollector.fetch(cfg, ctx({}))).rejects.toThrow(/\$BORG_LAB_WRONG \(passphraseEnv\) is not set/);
  });

  it('says there is no repository at a wrong path', async () => {
    const cfg = config({ repository: path.join(repo!.dir, 'nothing-here') });
    await expect(borgCollector.fetch(cfg, ctx({ BORG_LAB_PP: repo!.passphrase }))).rejects.toThrow(/^borg source borg: there is no borg repository at .*nothing-here/);
  });
});
