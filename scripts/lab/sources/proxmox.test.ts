import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema } from '../../../src/schemas/lab.ts';
import type { FetchContext, RawOutput } from '../collector.ts';
import { startHttpsRecordings, type HttpsRecordings, type HttpsRecordingsOptions, type RecordedResponse } from '../testing/https-recordings.ts';
import { fetchProxmox, proxmoxCollector, ProxmoxConfigSchema, splitTags, type ProxmoxConfig } from './proxmox.ts';

const recorded = path.join(import.meta.dirname, '__recorded__/proxmox');
const read = (file: string) => readFileSync(path.join(recorded, file), 'utf8');
// The server_box fixture (a real single-node cluster/resources answer) has no cluster/status answer:
// this one is constructed, says what a standalone node's status holds, and is not a recording.
const STANDALONE_STATUS = '{"data":[{"type":"node","id":"node/pve","name":"pve","nodeid":0,"online":1,"local":1,"ip":"192.168.1.10","level":""}]}';
const recording = (dir: string): RawOutput => ({
  'cluster-status.json': existsSync(path.join(recorded, dir, 'cluster-status.json')) ? read(`${dir}/cluster-status.json`) : STANDALONE_STATUS,
  'cluster-resources.json': read(`${dir}/cluster-resources.json`),
});
const ID_ENV = 'PVE_TOKEN_ID';
const SECRET_ENV = 'PVE_TOKEN_SECRET';
const TOKEN_ID = 'scarbook@pve!inventory';
const CANARY = '5e1f0c2a-canary-proxmox-91d7';
const header = `PVEAPIToken=${TOKEN_ID}=${CANARY}`;
const config = (over: Partial<ProxmoxConfig> = {}): ProxmoxConfig =>
  ProxmoxConfigSchema.parse({ name: 'pve', type: 'proxmox', url: 'https://pve1:8006', tokenIdEnv: ID_ENV, tokenSecretEnv: SECRET_ENV, ...over });
const ctx = (env: Record<string, string> = { [ID_ENV]: TOKEN_ID, [SECRET_ENV]: CANARY }): FetchContext => ({
  source: 'pve', env, run: () => Promise.reject(new Error('no commands')), get: () => Promise.reject(new Error('ctx.get is not used')),
});
const parse = (raw: RawOutput, cfg = config()) => {
  const obs = proxmoxCollector.parse(raw, cfg);
  for (const e of obs.entities) EntitySchema.parse(e);
  for (const e of obs.edges) EdgeSchema.parse(e);
  return obs;
};
const byId = (obs: ReturnType<typeof parse>) => new Map(obs.entities.map((e) => [e.id, e]));
const USAGE = ['cpu', 'mem', 'disk', 'uptime', 'netin', 'netout', 'diskread', 'diskwrite'];
const error = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: Error) => e.message);

describe('proxmox parse of recorded real output', () => {
  it('go-proxmox PVE 9 mocks: a 4-node quorate cluster, stopped guests, a template, + tags, storages', () => {
    const obs = parse(recording('go-proxmox-pve9'));
    const e = byId(obs);
    expect(e.get('service:proxmox/clustername')).toMatchObject({ kind: 'service', attributes: { quorate: true, nodes: 4, version: 4, standalone: false } });
    expect(e.get('host:node1')).toMatchObject({ kind: 'host', status: 'up', aliases: ['192.168.1.1'], attributes: { cpus: 8, memoryBytes: 65919459328 } });
    expect(e.get('vm:node2/100')).toMatchObject({ name: 'server1', status: 'running', aliases: ['server1'], attributes: { vmid: 100, node: 'node2', cpus: 1, template: false } });
    expect(e.get('vm:node1/101')).toMatchObject({ name: 'leap154', status: 'stopped', attributes: { template: true, memoryBytes: 16777216000, diskBytes: 68719476736 } });
    expect(e.get('vm:node1/102')!.attributes).toMatchObject({ tags: ['go-proxmox', 'cloud-init'], template: false });
    expect(e.get('vm:node1/200')).toMatchObject({ name: 'VM 200', status: 'stopped', aliases: ['VM 200'] });
    expect(e.get('volume:node3/local-zfs')).toMatchObject({ kind: 'volume', attributes: { plugintype: 'zfspool', shared: false, content: ['images', 'rootdir'], sizeBytes: 479730032640 } });
    expect(obs.entities.filter((x) => x.kind === 'volume')).toHaveLength(12);
    expect(obs.edges.filter((x) => x.type === 'member-of').map((x) => x.from)).toEqual(['host:node1', 'host:node2', 'host:node3', 'host:node4']);
    expect(obs.edges).toContainEqual({ from: 'vm:node1/101', to: 'host:node1', type: 'runs-on', evidence: [{ kind: 'observed', source: 'pve', via: 'cluster/resources' }] });
    // Usage changes every pull: never stored, for running guests neither.
    for (const x of obs.entities) for (const k of USAGE) expect(x.attributes ?? {}).not.toHaveProperty(k);
  });

  it('server_box standalone node: no cluster entry, a running LXC, a stopped VM, a shared CIFS storage, an sdn entry ignored', () => {
    const obs = parse(recording('serverbox-standalone'));
    const e = byId(obs);
    expect(e.get('service:proxmox/pve')!.attributes).toEqual({ platform: 'proxmox-ve', standalone: true, quorate: null, nodes: 1, version: null });
    expect(e.get('container:pve/100')).toMatchObject({ kind: 'container', name: 'Jellyfin', status: 'running', aliases: ['Jellyfin'], attributes: { type: 'lxc', cpus: 8, diskBytes: 134145380352 } });
    expect(e.get('vm:pve/101')).toMatchObject({ status: 'stopped', attributes: { template: false, memoryBytes: 6442450944 } });
    expect(e.get('vm:pve/102')!.attributes).toMatchObject({ diskBytes: 0 });
    expect(e.get('volume:pve/DSM')!.attributes).toMatchObject({ plugintype: 'cifs', shared: true });
    expect(e.get('volume:pve/local')!.attributes).toMatchObject({ shared: false });
    expect(obs.entities.map((x) => x.kind).filter((k) => k === 'network')).toEqual([]);
    expect(obs.edges.filter((x) => x.to === 'host:pve').map((x) => x.from)).toEqual(['container:pve/100', 'vm:pve/101', 'vm:pve/102', 'volume:pve/DSM', 'volume:pve/hard', 'volume:pve/local']);
  });

  // Constructed inputs (no recording has them): an empty cluster, an offline node, a unicode name, HA and backup jobs.
  it('an empty cluster gives the cluster and nothing else', () => {
    const obs = parse({ 'cluster-status.json': '{"data":[{"type":"cluster","id":"cluster","name":"empty","nodes":0,"quorate":0,"version":1}]}', 'cluster-resources.json': '{"data":[]}' });
    expect(obs.entities.map((x) => x.id)).toEqual(['service:proxmox/empty']);
    expect(obs.entities[0]).toMatchObject({ status: 'down', attributes: { quorate: false, nodes: 0 } });
    expect(obs.edges).toEqual([]);
  });

  it('offline node, unicode guest name, ; tags, HA state, backup jobs and the skipped endpoints', () => {
    const status = '{"data":[{"type":"cluster","name":"lab","nodes":2,"quorate":1,"version":7},{"type":"node","name":"PVE-A","online":1,"ip":"10.0.0.1"},{"type":"node","name":"pve-b","online":0,"ip":"10.0.0.2"}]}';
    const resources = JSON.stringify({ data: [
      { type: 'qemu', id: 'qemu/100', vmid: 100, node: 'PVE-A', name: 'café-vm', status: 'running', template: 0, tags: 'web;prod', maxcpu: 2, maxmem: 1, maxdisk: 2, hastate: 'started', cpu: 0.2, mem: 5 },
      { type: 'lxc', id: 'lxc/101', vmid: '101', node: 'pve-b', status: 'stopped', template: 0 },
      { type: 'storage', id: 'storage/pve-b/nfs', node: 'pve-b', storage: 'nfs', status: 'unknown', shared: 1, plugintype: 'nfs', content: 'backup' },
    ] });
    const obs = parse({
      'cluster-status.json': status, 'cluster-resources.json': resources,
      'ha-resources.json': '{"data":[{"sid":"vm:100","state":"started","group":"g1","type":"vm"}]}',
      'backup-jobs.json': '{"data":[{"id":"backup-1","schedule":"daily","storage":"nfs","all":1,"exclude":"101","enabled":1,"mode":"snapshot"},{"id":"backup-2","vmid":"101","storage":"nfs","enabled":0}]}',
      'fetch-notes.json': '{"skipped":{"cluster/backup":"403 Forbidden"}}',
    });
    const e = byId(obs);
    expect(e.get('host:pve-b')).toMatchObject({ status: 'down' });
    expect(e.get('vm:pve-a/100')).toMatchObject({ name: 'café-vm', aliases: ['café-vm'], attributes: { tags: ['web', 'prod'], ha: { state: 'started', group: 'g1' } } });
    expect(e.get('container:pve-b/101')).toMatchObject({ name: 'CT 101', aliases: [], status: 'stopped' });
    expect(e.get('volume:pve-b/nfs')).toMatchObject({ status: 'unknown', attributes: { shared: true } });
    expect(e.get('service:proxmox/lab')!.attributes).toMatchObject({ unavailable: ['cluster/backup'] });
    expect(e.get('backup:vzdump:lab/backup-2')).toMatchObject({ status: 'down' });
    const backups = obs.edges.filter((x) => x.type === 'backed-up-by').map((x) => `${x.from} → ${x.to}`);
    expect(backups).toEqual(['container:pve-b/101 → backup:vzdump:lab/backup-2', 'vm:pve-a/100 → backup:vzdump:lab/backup-1']);
    expect(obs.edges.filter((x) => x.type === 'stores-on').map((x) => x.to)).toEqual(['volume:pve-b/nfs', 'volume:pve-b/nfs']);
  });

  it('splits tags on ; , + and spaces', () => {
    expect(splitTags('a;b,c+d e;;a')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(splitTags(undefined)).toEqual([]);
  });

  it('config: https only, env var names, no credentials in url', () => {
    expect(() => config({ url: 'http://pve1:8006' })).toThrow(/https/);
    expect(() => config({ url: 'https://root:pw@pve1:8006' })).toThrow(/credentials/);
    expect(() => config({ tokenSecretEnv: 'abc-123-uuid' })).toThrow(/NAME of an environment variable/);
  });
});

describe('proxmox fetch over HTTPS (local server serving the recordings)', () => {
  let server: HttpsRecordings | undefined;
  afterEach(async () => { await server?.close(); server = undefined; });
  const routes: Record<string, RecordedResponse> = {
    '/api2/json/cluster/status': { body: read('go-proxmox-pve9/cluster-status.json') },
    '/api2/json/cluster/resources': { body: read('go-proxmox-pve9/cluster-resources.json') },
    '/api2/json/cluster/ha/resources': { body: '{"data":[]}' },
    '/api2/json/cluster/backup': { status: 403, body: '{"data":null}' },
    '/api2/json/nodes/node1/network': { body: read('go-proxmox-pve9/network-node1.json') },
    '/api2/json/nodes/node2/network': { body: read('go-proxmox-pve9/network-node2.json') },
  };
  const start = async (over: Partial<HttpsRecordingsOptions> = {}) => (server = await startHttpsRecordings({ routes, auth: { value: header }, ...over }));

  it('sends the token only to a pinned, CA-trusted or insecure-accepted server; records a refused optional endpoint', async () => {
    const s = await start();
    for (const tls of [{ fingerprint256: s.fingerprint256 }, { caFile: s.caFile }, { insecure: true }]) {
      const raw = await proxmoxCollector.fetch(config({ url: s.url, tls }), ctx());
      expect(raw['cluster-resources.json']).toBe(routes['/api2/json/cluster/resources']!.body);
      expect(raw['backup-jobs.json']).toBe('{"data":[]}');
      const { skipped } = JSON.parse(raw['fetch-notes.json']!) as { skipped: Record<string, string> };
      // The recording has node1's and node2's interfaces only: the others, and the guest configs, are noted, not fatal.
      expect(skipped).toMatchObject({ 'cluster/backup': '403 Forbidden', 'nodes/node3/network': '404 Not Found', 'nodes/node1/qemu/101/config': '404 Not Found' });
      expect(raw['network-node1.json']).toBeDefined();
      expect(parse(raw).entities.filter((e) => e.kind === 'vm')).toHaveLength(4);
    }
    expect(s.requests.filter((r) => r.endsWith('/cluster/status'))).toHaveLength(3);
  });

  it('rejects the self-signed certificate unless trusted, before sending anything', async () => {
    const s = await start();
    const plain = await error(proxmoxCollector.fetch(config({ url: s.url }), ctx()));
    expect(plain).toMatch(/certificate rejected .*tls\.caFile.*tls\.fingerprint256/);
    const wrongPin = s.fingerprint256.replace(/^../, s.fingerprint256.startsWith('00') ? '11' : '00');
    expect(await error(proxmoxCollector.fetch(config({ url: s.url, tls: { fingerprint256: wrongPin } }), ctx()))).toMatch(/not the pinned tls\.fingerprint256/);
    expect(s.requests).toEqual([]);
  });

  it('401 without or with a wrong secret: one line naming both env vars, never their values', async () => {
    const s = await start();
    const cfg = config({ url: s.url, tls: { caFile: s.caFile } });
    const wrong = await error(proxmoxCollector.fetch(cfg, ctx({ [ID_ENV]: TOKEN_ID, [SECRET_ENV]: 'wrong-secret-0000' })));
    expect(wrong).toMatch(/401 .*rejected the API token; check \$PVE_TOKEN_ID \(tokenIdEnv.*\$PVE_TOKEN_SECRET/);
    expect(wrong).not.toMatch(/wrong-secret|scarbook@pve|\n/);
    const none = await error(proxmoxCollector.fetch(cfg, ctx({})));
    expect(none).toMatch(/\$PVE_TOKEN_ID .* and \$PVE_TOKEN_SECRET .* must both be set/);
    const badId = await error(proxmoxCollector.fetch(cfg, ctx({ [ID_ENV]: CANARY, [SECRET_ENV]: CANARY })));
    expect(badId).toMatch(/user@realm!tokenid/);
    for (const m of [wrong, none, badId]) expect(m).not.toContain(CANARY);
  });

  it.each([
    ['truncated JSON', { body: read('go-proxmox-pve9/cluster-status.json').slice(0, 300) }, /did not answer with valid JSON .*cut-off/],
    ['an HTML login page', { body: '<!DOCTYPE html><html><head><title>pve1 - Proxmox Virtual Environment</title></head></html>', headers: { 'content-type': 'text/html' } }, /HTML page, not JSON/],
    ['{"data": null}', { body: '{"data":null}' }, /did not answer with \{"data": \[\.\.\.\]\} \(data is null\)/],
    ['a PVE error body', { body: '{"errors":{"type":"value \'x\' does not have a value in the enumeration"},"data":null}' }, /answered with a Proxmox error \(type\)/],
    ['a 403 on a required endpoint', { status: 403, body: '{"data":null}' }, /403 .*Sys\.Audit/],
  ])('fails clearly on %s', async (_what, response, expected) => {
    const s = await start({ routes: { ...routes, '/api2/json/cluster/status': response as RecordedResponse } });
    const message = await error(fetchProxmox(config({ url: s.url, tls: { caFile: s.caFile } }), ctx()));
    expect(message).toMatch(expected);
    expect(message).toContain('proxmox source pve');
    expect(message).not.toContain(CANARY);
  });

  it('times out on a silent server', async () => {
    const s = await start({ delayMs: 2_000 });
    const message = await error(fetchProxmox(config({ url: s.url, tls: { caFile: s.caFile } }), ctx(), { timeoutMs: 200 }));
    expect(message).toMatch(/no answer within 0\.2 s/);
  });

  it('sanitize keeps what parse needs', () => {
    const raw = recording('serverbox-standalone');
    expect(parse(proxmoxCollector.sanitize!(raw, config()))).toEqual(parse(raw));
  });
});
