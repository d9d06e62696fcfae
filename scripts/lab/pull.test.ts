import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullStatusSchema } from '../../src/schemas/lab.ts';
import { pullLab, type PullEvent } from './pull.ts';
import { labPaths } from './store.ts';

/**
 * The pull's failure handling, with a real collector (Caddy's) whose far end is a server this
 * test controls: it answers with Caddy's real recorded config, then misbehaves on demand.
 */
const REAL_CONFIG = readFileSync(path.join(import.meta.dirname, 'sources/__recorded__/caddy/config.json'), 'utf8');
let mode: 'ok' | 'garbage' | 'hang' | '401' | 'empty' = 'ok';
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((_req, res) => {
    if (mode === 'hang') return; // never answers
    if (mode === '401') return void res.writeHead(401).end('unauthorized');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(mode === 'garbage' ? '<html>502 Bad Gateway</html>' : mode === 'empty' ? '{"apps":{"http":{"servers":{}}}}' : REAL_CONFIG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

function lab(): string {
  const contentPath = mkdtempSync(path.join(tmpdir(), 'scarbook-pull-'));
  mkdirSync(path.join(contentPath, 'lab'), { recursive: true });
  writeFileSync(path.join(contentPath, 'lab/sources.yaml'), `timeoutSeconds: 1\nsources:\n  - name: proxy\n    type: caddy\n    url: ${url}\n    host: nas\n`);
  return contentPath;
}
const status = (contentPath: string) => PullStatusSchema.parse(JSON.parse(readFileSync(labPaths(contentPath).status, 'utf8'))).sources[0]!;
const snapshotFile = (contentPath: string) => labPaths(contentPath).snapshot('proxy');

describe('npm run lab:pull', () => {
  it('writes a normalised snapshot and an ok status; an unchanged lab leaves the snapshot untouched', async () => {
    mode = 'ok';
    const contentPath = lab();
    const events: PullEvent[] = [];
    const first = await pullLab({ contentPath, onEvent: (e) => events.push(e), now: () => new Date('2026-11-22T10:00:00Z') });
    expect(first).toEqual({ ok: ['proxy'], failed: [] });
    expect(events.map((e) => e.type)).toEqual(['start', 'done']);
    expect(events[1]).toMatchObject({ entities: expect.any(Number), changed: true });
    const text = readFileSync(snapshotFile(contentPath), 'utf8');
    expect(JSON.parse(text).entities.length).toBeGreaterThan(0);
    expect(text.endsWith('}\n')).toBe(true);
    const mtime = statSync(snapshotFile(contentPath)).mtimeMs;

    const events2: PullEvent[] = [];
    await pullLab({ contentPath, onEvent: (e) => events2.push(e), now: () => new Date('2026-11-23T10:00:00Z') });
    expect(events2[1]).toMatchObject({ type: 'done', changed: false });
    expect(statSync(snapshotFile(contentPath)).mtimeMs).toBe(mtime);
    expect(status(contentPath)).toEqual({ name: 'proxy', type: 'caddy', state: 'ok', lastSuccess: '2026-11-23T10:00:00.000Z', lastAttempt: '2026-11-23T10:00:00.000Z' });
  });

  it.each([
    ['garbage', /not valid JSON|Unexpected token|JSON/i],
    ['hang', /gave up after 1 s|no answer within 1 s/],
    ['401', /401.*check the credentials/],
    ['empty', /returned nothing, where the last pull saw \d+ entities/],
  ] as const)('a source that answers %s keeps its last good snapshot and is marked stale', async (fault, message) => {
    mode = 'ok';
    const contentPath = lab();
    await pullLab({ contentPath, now: () => new Date('2026-11-22T10:00:00Z') });
    const good = readFileSync(snapshotFile(contentPath), 'utf8');

    mode = fault;
    const events: PullEvent[] = [];
    const result = await pullLab({ contentPath, onEvent: (e) => events.push(e), now: () => new Date('2026-11-24T10:00:00Z') });
    expect(result.ok).toEqual([]);
    expect(result.failed[0]!.error).toMatch(message);
    expect(events.at(-1)).toMatchObject({ type: 'failed', keptSnapshot: true });
    expect(readFileSync(snapshotFile(contentPath), 'utf8')).toBe(good);
    expect(status(contentPath)).toMatchObject({ state: 'stale', lastSuccess: '2026-11-22T10:00:00.000Z', lastAttempt: '2026-11-24T10:00:00.000Z', error: expect.stringMatching(message) });
  });

  it('a pull that breaks off half-way still records the statuses of the sources it pulled', async () => {
    // pull-status.json is written once at the end, not after every source: this is the failure
    // path (a damaged snapshot of the second source makes the pull throw) that must still write it.
    mode = 'ok';
    const contentPath = lab();
    writeFileSync(path.join(contentPath, 'lab/sources.yaml'), `timeoutSeconds: 1\nsources:\n  - name: proxy\n    type: caddy\n    url: ${url}\n    host: nas\n  - name: proxy2\n    type: caddy\n    url: ${url}\n    host: nas\n`);
    mkdirSync(labPaths(contentPath).sources, { recursive: true });
    writeFileSync(labPaths(contentPath).snapshot('proxy2'), '{ torn');
    await expect(pullLab({ contentPath, now: () => new Date('2026-11-25T10:00:00Z') })).rejects.toThrow(/JSON/);
    expect(status(contentPath)).toMatchObject({ name: 'proxy', state: 'ok', lastSuccess: '2026-11-25T10:00:00.000Z' });
    expect(existsSync(labPaths(contentPath).lock)).toBe(false);
  });

  it('a source that is down says where it looked', async () => {
    // A far end that accepts and hangs up at once (a crashed service behind its port); holding the
    // port for the whole test means no other test can take it meanwhile.
    const probe = createServer();
    probe.on('connection', (socket) => socket.destroy());
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    const contentPath = mkdtempSync(path.join(tmpdir(), 'scarbook-pull-'));
    mkdirSync(path.join(contentPath, 'lab'));
    writeFileSync(path.join(contentPath, 'lab/sources.yaml'), `sources:\n  - { name: proxy, type: caddy, url: "http://127.0.0.1:${port}" }\n`);
    const result = await pullLab({ contentPath }).finally(() => probe.close());
    expect(result.failed[0]!.error).toMatch(new RegExp(`GET http://127\\.0\\.0\\.1:${port}/config/: .*Is the service running and reachable from here\\?`));
    expect(readdirSync(path.join(contentPath, 'lab'))).toEqual(['pull-status.json', 'sources.yaml']);
  });

  it('two pulls at once: the second is refused, the first completes', async () => {
    mode = 'ok';
    const contentPath = lab();
    const results = await Promise.allSettled([pullLab({ contentPath }), pullLab({ contentPath })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/another lab pull is running \(PID \d+/);
    expect(readdirSync(path.join(contentPath, 'lab'))).not.toContain('.pull.lock');
  });

  it('--record then --replay gives the identical snapshot, without the live source', async () => {
    mode = 'ok';
    const live = lab();
    const record = mkdtempSync(path.join(tmpdir(), 'scarbook-rec-'));
    await pullLab({ contentPath: live, record });
    expect(readdirSync(path.join(record, 'proxy'))).toEqual(['config.json']);

    mode = 'hang'; // the replay must not touch the far end
    const replayed = lab();
    const result = await pullLab({ contentPath: replayed, replay: record });
    expect(result.ok).toEqual(['proxy']);
    expect(readFileSync(snapshotFile(replayed), 'utf8')).toBe(readFileSync(snapshotFile(live), 'utf8'));
  });

  it('rejects a sources file with an unknown type or a bad field, naming both', async () => {
    const contentPath = mkdtempSync(path.join(tmpdir(), 'scarbook-pull-'));
    mkdirSync(path.join(contentPath, 'lab'));
    writeFileSync(path.join(contentPath, 'lab/sources.yaml'), 'sources:\n  - { name: a, type: dockre }\n  - { name: b, type: caddy, url: "not a url" }\n');
    await expect(pullLab({ contentPath })).rejects.toThrow(/sources\[0\]\.type: got "dockre"; expected one of "docker" \| .*\n[\s\S]*sources\[1\]\.url: got "not a url"/);
  });
});
