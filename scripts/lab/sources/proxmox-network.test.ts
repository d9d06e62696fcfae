import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema } from '../../../src/schemas/lab.ts';
import type { FetchContext, RawOutput } from '../collector.ts';
import { startHttpsRecordings, type HttpsRecordings, type RecordedResponse } from '../testing/https-recordings.ts';
import { fetchProxmox, proxmoxCollector, ProxmoxConfigSchema, type ProxmoxConfig } from './proxmox.ts';
import { guestNics } from './proxmox/network.ts';

const recorded = path.join(import.meta.dirname, '__recorded__/proxmox');
const read = (file: string) => readFileSync(path.join(recorded, file), 'utf8');
const config = (over: Partial<ProxmoxConfig> = {}): ProxmoxConfig =>
  ProxmoxConfigSchema.parse({ name: 'pve', type: 'proxmox', url: 'https://pve1:8006', tokenIdEnv: 'PVE_TOKEN_ID', tokenSecretEnv: 'PVE_TOKEN_SECRET', ...over });
const parse = (raw: RawOutput, cfg = config()) => {
  const obs = proxmoxCollector.parse(raw, cfg);
  for (const e of obs.entities) EntitySchema.parse(e);
  for (const e of obs.edges) EdgeSchema.parse(e);
  return obs;
};
const byId = (obs: ReturnType<typeof parse>) => new Map(obs.entities.map((e) => [e.id, e]));
const edgeList = (obs: ReturnType<typeof parse>, type: string) => obs.edges.filter((e) => e.type === type).map((e) => `${e.from} → ${e.to}`);
const goProxmox = (): RawOutput => Object.fromEntries(['cluster-status.json', 'cluster-resources.json', 'network-node1.json', 'network-node2.json'].map((f) => [f, read(`go-proxmox-pve9/${f}`)]));

describe('proxmox bridges and VLANs from recorded /nodes/{node}/network', () => {
  it('go-proxmox PVE 9 mocks: a vlan-aware bridge, VLAN interfaces on two devices, a plain bridge with the LAN subnet', () => {
    const obs = parse(goProxmox());
    const e = byId(obs);
    expect(e.get('network:node1/vmbr1')).toMatchObject({ kind: 'network', status: 'up', attributes: { driver: 'linux-bridge', vlanAware: true, vlanIds: '2-4094', ports: ['eno1.2', 'vmbr2.10'], subnets: [] } });
    expect(e.get('network:node2/vmbr0')!.attributes).toMatchObject({ vlanAware: false, subnets: ['192.168.1.0/24'], gateway: '192.168.1.1' });
    // VLAN 2 is on two devices of node1 (eno1.2 and vmbr2.2): one segment with both subnets.
    expect(e.get('network:vlan/global/2')).toMatchObject({ name: 'VLAN 2', attributes: { vid: 2, subnets: ['192.168.2.50/32', '192.168.22.0/24'], interfaces: ['node1/eno1.2 on eno1', 'node1/vmbr2.2 on vmbr2'] } });
    // vmbr2.8's cidr and address disagree in the recording: the subnet comes from cidr.
    expect(e.get('network:vlan/global/8')!.attributes).toMatchObject({ subnets: ['172.16.20.0/24'] });
    expect(e.get('host:node1')!.aliases).toEqual(['172.16.20.1', '192.168.1.1', '192.168.2.50', '192.168.22.31']);
    expect(edgeList(obs, 'member-of').filter((x) => x.includes('network:'))).toEqual([
      'host:node1 → network:vlan/global/2', 'host:node1 → network:vlan/global/8', 'host:node2 → network:node2/vmbr0',
    ]);
    expect(edgeList(obs, 'runs-on')).toEqual(expect.arrayContaining(['network:node1/vmbr1 → host:node1', 'network:node2/vmbr0 → host:node2']));
    // Nodes whose interfaces were not read (node3, node4) simply have no networks.
    expect(obs.entities.filter((x) => x.id.startsWith('network:node3') || x.id.startsWith('network:node4'))).toEqual([]);
  });

  it('vlanSite names the NetBox site the tags belong to', () => {
    expect(byId(parse(goProxmox(), config({ vlanSite: 'home' }))).has('network:vlan/home/2')).toBe(true);
  });

  it('pvesh output of a PVE 9.1 node (the awkward one): a bare array, eight NICs mostly unused, one bridge', () => {
    // Constructed status and resources for the one node (the capture has only its network list).
    const obs = parse({
      'cluster-status.json': '{"data":[{"type":"node","name":"pve1","online":1,"local":1,"ip":"172.16.10.20"}]}',
      'cluster-resources.json': '{"data":[{"type":"node","node":"pve1","status":"online"}]}',
      'network-pve1.json': read('comwell-pve1-pvesh/network-pve1.json'),
    });
    expect(obs.entities.filter((x) => x.kind === 'network').map((x) => x.id)).toEqual(['network:pve1/vmbr0']);
    expect(byId(obs).get('network:pve1/vmbr0')!.attributes).toMatchObject({ ports: ['ens2f0'], subnets: ['172.16.10.0/24'], gateway: '172.16.10.1' });
    expect(edgeList(obs, 'member-of')).toContain('host:pve1 → network:pve1/vmbr0');
  });

  // Constructed: no public recording of a guest config with a VLAN tag was found (see PROVENANCE.md).
  it.each([
    ['QEMU, tagged, firewall', { net0: 'virtio=BC:24:11:5A:00:01,bridge=vmbr0,firewall=1,tag=20' }, [{ key: 'net0', bridge: 'vmbr0', tag: 20, mac: 'BC:24:11:5A:00:01', model: 'virtio', addresses: [] }]],
    ['QEMU, cloud-init address', { net1: 'e1000=76:C3:A2:DE:66:16,bridge=vmbr1', ipconfig1: 'ip=192.168.30.5/24,gw=192.168.30.1' }, [{ key: 'net1', bridge: 'vmbr1', tag: null, mac: '76:C3:A2:DE:66:16', model: 'e1000', addresses: ['192.168.30.5'] }]],
    ['LXC, static v4 and v6', { net0: 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:2E:C5:7E,ip=10.0.0.7/24,ip6=2001:db8::7/64,tag=30,type=veth' }, [{ key: 'net0', bridge: 'vmbr0', tag: 30, mac: 'BC:24:11:2E:C5:7E', model: 'veth', addresses: ['10.0.0.7', '2001:db8::7'] }]],
    ['LXC, dhcp', { net0: 'name=eth0,bridge=vmbr0,ip=dhcp,ip6=auto' }, [{ key: 'net0', bridge: 'vmbr0', tag: null, mac: null, model: 'veth', addresses: [] }]],
    ['no NICs', { memory: 2048, cipassword: 'x' }, []],
  ])('guest NICs: %s', (_what, cfg, expected) => {
    expect(guestNics(cfg)).toEqual(expected);
  });

  it('a tagged guest is a member of the VLAN, an untagged one of its node bridge; static IPs become aliases', () => {
    const raw = {
      ...goProxmox(),
      'config-qemu-100.json': '{"data":{"net0":"virtio=BC:24:11:5A:00:01,bridge=vmbr1,tag=2"}}',
      'config-qemu-102.json': '{"data":{"net0":"virtio=BC:24:11:5A:00:02,bridge=vmbr1","ipconfig0":"ip=192.168.22.40/24"}}',
    };
    const obs = parse(raw);
    expect(edgeList(obs, 'member-of')).toEqual(expect.arrayContaining(['vm:node2/100 → network:vlan/global/2', 'vm:node1/102 → network:node1/vmbr1']));
    expect(byId(obs).get('vm:node1/102')!.aliases).toContain('192.168.22.40');
    expect(byId(obs).get('vm:node2/100')!.attributes).toMatchObject({ nics: [{ key: 'net0', bridge: 'vmbr1', tag: 2, mac: 'BC:24:11:5A:00:01', model: 'virtio' }] });
    // The VLAN keeps the node's subnets although the guest's sighting carries none.
    expect(byId(obs).get('network:vlan/global/2')!.attributes).toMatchObject({ subnets: ['192.168.2.50/32', '192.168.22.0/24'] });
  });

  it.each([
    ['cut-off JSON', '{"data":[{"iface":"vmbr0"', /network-node1\.json is not valid JSON .*pull again/],
    ['not a list', '{"data":{"iface":"vmbr0"}}', /network-node1\.json is not a list of interfaces/],
  ])('a recorded network file with %s is an error naming the file', (_what, text, expected) => {
    expect(() => parse({ ...goProxmox(), 'network-node1.json': text })).toThrow(expected);
  });
});

describe('proxmox fetch of networks and guest configs (local HTTPS server)', () => {
  let server: HttpsRecordings | undefined;
  afterEach(async () => { await server?.close(); server = undefined; });
  const CANARY = 'canary-cipassword-3f9a';
  const TOKEN = { PVE_TOKEN_ID: 'scarbook@pve!inventory', PVE_TOKEN_SECRET: 'b0b5e1f0-aaaa-4bbb-8ccc-0123456789ab' };
  const ctx: FetchContext = { source: 'pve', env: TOKEN, run: () => Promise.reject(new Error('no commands')), get: () => Promise.reject(new Error('unused')) };
  const resources = '{"data":[{"type":"node","node":"pve1","status":"online"},{"type":"node","node":"pve2","status":"offline"},{"type":"qemu","node":"pve1","vmid":101,"name":"homeassistant","status":"running"}]}';
  const routes = (over: Record<string, RecordedResponse> = {}): Record<string, RecordedResponse> => ({
    '/api2/json/cluster/status': { body: '{"data":[{"type":"cluster","name":"home","nodes":2,"quorate":1},{"type":"node","name":"pve1","online":1},{"type":"node","name":"pve2","online":0}]}' },
    '/api2/json/cluster/resources': { body: resources },
    '/api2/json/cluster/ha/resources': { body: '{"data":[]}' },
    '/api2/json/cluster/backup': { body: '{"data":[]}' },
    '/api2/json/nodes/pve1/network': { body: read('comwell-pve1-pvesh/network-pve1.json').replace(/^/, '{"data":').replace(/\s*$/, '}') },
    '/api2/json/nodes/pve1/qemu/101/config': { body: JSON.stringify({ data: { name: 'homeassistant', cipassword: CANARY, sshkeys: 'ssh-ed25519%20AAAA', description: `notes ${CANARY}`, net0: 'virtio=BC:24:11:00:00:65,bridge=vmbr0,tag=20', ipconfig0: 'ip=192.168.20.50/24' } }) },
    ...over,
  });
  const start = async (over?: Record<string, RecordedResponse>) => (server = await startHttpsRecordings({ routes: routes(over) }));

  it('reads each online node and guest, keeps only the NIC keys of a guest config, and parses them', async () => {
    const s = await start();
    const raw = await fetchProxmox(config({ url: s.url, tls: { caFile: s.caFile } }), ctx);
    expect(Object.keys(raw).sort()).toEqual(['backup-jobs.json', 'cluster-resources.json', 'cluster-status.json', 'config-qemu-101.json', 'fetch-notes.json', 'ha-resources.json', 'network-pve1.json']);
    expect(JSON.parse(raw['config-qemu-101.json']!)).toEqual({ data: { ipconfig0: 'ip=192.168.20.50/24', net0: 'virtio=BC:24:11:00:00:65,bridge=vmbr0,tag=20' } });
    expect(JSON.stringify(raw)).not.toContain(CANARY);
    // The offline node is not asked.
    expect(s.requests.some((r) => r.includes('/nodes/pve2/'))).toBe(false);
    const obs = parse(raw);
    expect(edgeList(obs, 'member-of')).toEqual(expect.arrayContaining(['vm:pve1/101 → network:vlan/global/20', 'host:pve1 → network:pve1/vmbr0']));
    expect(byId(obs).get('vm:pve1/101')!.aliases).toEqual(['homeassistant', '192.168.20.50']);
  });

  it('a refused guest config is noted and skipped, not fatal', async () => {
    const s = await start({ '/api2/json/nodes/pve1/qemu/101/config': { status: 403, body: '{"data":null}' } });
    const raw = await fetchProxmox(config({ url: s.url, tls: { caFile: s.caFile } }), ctx);
    expect(JSON.parse(raw['fetch-notes.json']!)).toEqual({ skipped: { 'nodes/pve1/qemu/101/config': '403 Forbidden' } });
    expect(raw['config-qemu-101.json']).toBeUndefined();
  });

  it.each([
    ['an HTML login page', { body: '<!DOCTYPE html><html><title>Proxmox Virtual Environment</title></html>', headers: { 'content-type': 'text/html' } }, /nodes\/pve1\/network answered with an HTML page/],
    ['truncated JSON', { body: '{"data":[{"iface":"vmbr0",' }, /nodes\/pve1\/network did not answer with valid JSON .*cut-off/],
    ['{"data": null}', { body: '{"data":null}' }, /nodes\/pve1\/network did not answer with \{"data": \[\.\.\.\]\} \(data is null\)/],
    ['a 401', { status: 401, body: '' }, /401 .*rejected the API token; check \$PVE_TOKEN_ID/],
  ])('fails clearly when a node network answers with %s', async (_what, response, expected) => {
    const s = await start({ '/api2/json/nodes/pve1/network': response as RecordedResponse });
    const message = await fetchProxmox(config({ url: s.url, tls: { caFile: s.caFile } }), ctx).then(() => 'no error', (e: Error) => e.message);
    expect(message).toMatch(expected);
    expect(message).toMatch(/^proxmox source pve: /);
    expect(message).not.toContain('\n');
  });

  it('sanitize keeps what parse needs', () => {
    const raw = { ...goProxmox(), 'config-qemu-100.json': '{"data":{"net0":"virtio=BC:24:11:5A:00:01,bridge=vmbr1,tag=2"}}' };
    expect(parse(proxmoxCollector.sanitize!(raw, config()))).toEqual(parse(raw));
  });
});
