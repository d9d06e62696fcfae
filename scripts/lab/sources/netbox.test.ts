import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema } from '../../../src/schemas/lab.ts';
import type { FetchContext, RawOutput } from '../collector.ts';
import { startHttpsRecordings, type HttpsRecordings, type HttpsRecordingsOptions, type RecordedRequest, type RecordedResponse } from '../testing/https-recordings.ts';
import { testFetchContext } from '../testing/server-process.ts';
import { fetchNetbox, netboxCollector, NetboxConfigSchema, type NetboxConfig } from './netbox.ts';
import { limiter, nextUrl } from './netbox/http.ts';

const recorded = path.join(import.meta.dirname, '__recorded__/netbox');
const read = (file: string) => readFileSync(path.join(recorded, file), 'utf8');
const results = (file: string) => (JSON.parse(read(file)) as { results: unknown[] }).results;
const TOKEN_ENV = 'NETBOX_TOKEN';
const CANARY = '0123456789abcdef0123canary4f1c2d3e4f5a6b7c';
const env = { [TOKEN_ENV]: CANARY, WRONG_TOKEN: 'nope-not-the-token' };
const config = (over: Partial<NetboxConfig> = {}): NetboxConfig =>
  NetboxConfigSchema.parse({ name: 'nb', type: 'netbox', url: 'https://netbox.lab.example', tokenEnv: TOKEN_ENV, ...over });
const parse = (raw: RawOutput, cfg = config()) => {
  const obs = netboxCollector.parse(raw, cfg);
  for (const e of obs.entities) EntitySchema.parse(e);
  for (const e of obs.edges) EdgeSchema.parse(e);
  return obs;
};
const byId = (obs: { entities: { id: string }[] }) => new Map(obs.entities.map((e) => [e.id, e as { id: string; aliases?: string[]; attributes?: Record<string, unknown>; name: string }]));
const has = (obs: { edges: { from: string; to: string; type: string }[] }, from: string, type: string, to: string) =>
  obs.edges.some((e) => e.from === from && e.type === type && e.to === to);

const DEVICE_PAGES = ['nornir-2.8.9/devices-0.json', 'nornir-2.8.9/devices-1.json', 'nornir-2.8.9/devices-2.json'];
/** The recordings as one raw output, results concatenated (what fetch writes, before compaction). */
function recordedRaw(): RawOutput {
  const j = (x: unknown[]) => JSON.stringify(x);
  return {
    'dcim-sites.json': j(results('pynetbox/sites.json')),
    'dcim-racks.json': j(results('pynetbox/racks.json')),
    'dcim-devices.json': j(DEVICE_PAGES.flatMap(results)),
    'virtualization-virtual-machines.json': j(results('nornir-2.8.9/virtual-machines-0.json')),
    'dcim-interfaces.json': j([JSON.parse(read('pynetbox/interface.json'))]),
    'ipam-ip-addresses.json': j(results('pynetbox/ip_addresses.json')),
    'ipam-vlans.json': j(results('pynetbox/vlans.json')),
    'ipam-prefixes.json': j(results('pynetbox/prefixes.json')),
  };
}

describe('netbox parse of recorded real output', () => {
  it('devices become hosts (unnamed skipped) with primary addresses, member-of their (referenced) site', () => {
    const obs = parse(recordedRaw());
    const e = byId(obs);
    expect([...e.keys()].filter((id) => id.startsWith('host:'))).toEqual(['host:1-core', 'host:2-distribution', 'host:3-access']);
    expect(e.get('host:1-core')).toMatchObject({
      kind: 'host', name: '1-Core', sources: ['nb'], aliases: ['10.0.1.1'],
      attributes: { declared: true, netbox: { type: 'device', id: 1, role: 'Router', platform: 'juniper_junos', status: 'active', site: 'sunnyvale-ca', rack: null, serial: null, deviceType: 'MX480', manufacturer: 'Juniper' } },
    });
    expect(e.get('host:3-access')!.attributes).toMatchObject({ netbox: { role: 'Switch', platform: 'cisco_ios', site: 'san-jose-ca' } });
    expect(e.get('site:sunnyvale-ca')).toMatchObject({ kind: 'site', name: 'Sunnyvale, CA', attributes: { declared: true, netbox: { referencedOnly: true } } });
    expect(has(obs, 'host:1-core', 'member-of', 'site:sunnyvale-ca')).toBe(true);
    expect(has(obs, 'host:3-access', 'member-of', 'site:san-jose-ca')).toBe(true);
    for (const x of obs.entities) {
      expect(x.status).toBeUndefined();
      expect(x.attributes).toMatchObject({ declared: true });
    }
    expect(new Set(obs.edges.flatMap((x) => x.evidence))).toEqual(new Set([{ kind: 'declared', file: 'netbox nb' }]));
    expect(obs.edges.every((x) => x.evidence.length === 1 && x.evidence[0]!.kind === 'declared' && x.evidence[0]!.file === 'netbox nb')).toBe(true);
  });

  it('sites, racks member-of their site, VLANs and prefixes', () => {
    const obs = parse(recordedRaw());
    const e = byId(obs);
    expect(e.get('site:test1')).toMatchObject({ name: 'TEST1', attributes: { netbox: { type: 'site', status: null, facility: 'Test Facility' } } });
    expect(e.get('site:test1/A1R1')).toMatchObject({ kind: 'site', name: 'A1R1', attributes: { netbox: { type: 'rack', site: 'test1', uHeight: 42 } } });
    expect(has(obs, 'site:test1/A1R2', 'member-of', 'site:test1')).toBe(true);
    expect(e.get('network:vlan/test1/2069')).toMatchObject({ kind: 'network', name: 'v2069', attributes: { declared: true, netbox: { type: 'vlan', vid: 2069, name: 'v2069', group: null, status: 'active', role: 'Lab Network', prefixes: [] } } });
    expect(has(obs, 'network:vlan/test1/999', 'member-of', 'site:test1')).toBe(true);
    expect(e.get('network:prefix/10.1.1.0/24')).toMatchObject({ kind: 'network', attributes: { netbox: { type: 'prefix', prefix: '10.1.1.0/24', site: 'test1', status: 'active' } } });
  });

  it('a VM is vm:<cluster>/<name>, aliased by name and address', () => {
    const e = byId(parse(recordedRaw()));
    expect(e.get('vm:cluster-abc/ca-expedition-10')).toMatchObject({
      kind: 'vm', aliases: ['2.2.2.2', 'ca-expedition-10'],
      attributes: { declared: true, netbox: { status: 'active', cluster: 'cluster-abc', site: null, role: 'server', platform: 'Expedition', vcpus: 12, memoryMb: 16000, diskGb: 1000 } },
    });
  });

  it('assigned IPs alias their device, and interface VLANs make the device a member (device added: the pynetbox set has no device list)', () => {
    const raw = recordedRaw();
    // Synthetic: test1-core1 (device 2 in the pynetbox fixtures) added to the real devices so its IPs and interface resolve.
    const devices = [...JSON.parse(raw['dcim-devices.json']!) as unknown[], { id: 2, name: 'test1-core1', site: { id: 1, name: 'TEST1', slug: 'test1' }, rack: { id: 1, name: 'A1R1' }, status: { value: 'active', label: 'Active' } }];
    const obs = parse({ ...raw, 'dcim-devices.json': JSON.stringify(devices) });
    const e = byId(obs);
    expect(e.get('host:test1-core1')!.aliases).toEqual(['10.0.254.1', '10.15.22.2', '10.16.22.2', '169.254.1.2']);
    // 2-Distribution is device 2 too, but of another NetBox (nornir): ids AND names must match.
    expect(e.get('host:2-distribution')!.aliases).toEqual(['172.16.2.1']);
    expect(has(obs, 'host:test1-core1', 'member-of', 'site:test1/A1R1')).toBe(true);
    expect(has(obs, 'host:test1-core1', 'member-of', 'network:vlan/test1/2069')).toBe(true);
    expect(has(obs, 'host:test1-core1', 'member-of', 'network:vlan/test1/1210')).toBe(true);
    expect(has(obs, 'host:test1-core1', 'member-of', 'network:vlan/test1/999')).toBe(false);
  });

  it('a prefix on a VLAN becomes an attribute of the VLAN; NetBox 3.x/4.x shapes (role, assigned_object, string status)', () => {
    const obs = parse({
      'dcim-devices.json': JSON.stringify([{ id: 7, name: 'pve1', role: { name: 'Hypervisor' }, status: { value: 'planned', label: 'Planned' }, site: { slug: 'home', name: 'Home' }, primary_ip6: { address: '2001:db8::7/64' } }]),
      'ipam-ip-addresses.json': JSON.stringify([{ address: '192.0.2.7/24', assigned_object_type: 'dcim.interface', assigned_object: { id: 70, name: 'vmbr0', device: { id: 7, name: 'pve1' } } }]),
      'ipam-vlans.json': JSON.stringify([{ id: 5, vid: 20, name: 'iot', status: 'active', group: { name: 'home-vlans' } }]),
      'ipam-prefixes.json': JSON.stringify([{ id: 9, prefix: '10.20.0.0/24', vlan: { id: 5, vid: 20 }, status: { value: 'active' } }]),
    });
    const e = byId(obs);
    expect(e.get('host:pve1')).toMatchObject({ aliases: ['192.0.2.7', '2001:db8::7'], attributes: { netbox: { role: 'Hypervisor', status: 'planned', site: 'home' } } });
    expect(e.get('network:vlan/global/20')!.attributes).toMatchObject({ netbox: { group: 'home-vlans', prefixes: [{ prefix: '10.20.0.0/24', status: 'active' }] } });
    expect(e.has('network:prefix/10.20.0.0/24')).toBe(false);
  });

  it('refuses a raw file that is not a list; reads missing files as empty', () => {
    expect(() => parse({ 'dcim-devices.json': '{"detail":"x"}' })).toThrow(/dcim-devices\.json is not a list of NetBox objects/);
    expect(() => parse({ 'dcim-devices.json': '[{' })).toThrow(/dcim-devices\.json is not valid JSON/);
    expect(parse({})).toEqual({ entities: [], edges: [] });
  });
});

describe('netbox config', () => {
  it('takes an env var name for the token, defaults concurrency and pageSize, refuses credentials in url', () => {
    expect(config()).toMatchObject({ concurrency: 4, pageSize: 1000 });
    expect(() => config({ tokenEnv: 'abc def 123' })).toThrow(/NAME of an environment variable/);
    expect(() => config({ url: 'https://u:p@netbox' })).toThrow(/tokenEnv/);
  });
  it('next links keep only path and query, on the configured origin', () => {
    expect(nextUrl('http://localhost:8080/api/dcim/devices/?limit=0&offset=1', 'https://nb.lab:8443')).toBe('https://nb.lab:8443/api/dcim/devices/?limit=0&offset=1');
  });
  it('limiter never runs more than n tasks', async () => {
    const limit = limiter(2);
    let active = 0;
    let max = 0;
    await Promise.all(Array.from({ length: 6 }, () => limit(async () => { active++; max = Math.max(max, active); await new Promise((r) => setTimeout(r, 10)); active--; })));
    expect(max).toBe(2);
  });
});

/** Serves the recordings split over pages: `?offset=n` picks a page, `next` points back at this server. */
function recordingsRoutes(base: () => string, rewriteNext = true): (r: RecordedRequest) => RecordedResponse | undefined {
  const page = (file: string) => ({ body: rewriteNext ? read(file).replaceAll('http://localhost:8080', base()) : read(file) });
  const env = (items: unknown[], next: string | null) => ({ body: JSON.stringify({ count: 1, next, previous: null, results: items }) });
  const ips = results('pynetbox/ip_addresses.json');
  return ({ url }) => {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    switch (url.pathname) {
      case '/api/dcim/sites/': return page('pynetbox/sites.json');
      case '/api/dcim/racks/': return page('pynetbox/racks.json');
      case '/api/dcim/devices/': return page(DEVICE_PAGES[offset]!);
      case '/api/virtualization/virtual-machines/': return offset === 0 ? page('nornir-2.8.9/virtual-machines-0.json') : env([], null); // synthetic empty last page
      case '/api/dcim/interfaces/': return env([JSON.parse(read('pynetbox/interface.json'))], null);
      case '/api/ipam/ip-addresses/': // the real 18 split 6 per page
        return env(ips.slice(offset, offset + 6), offset + 6 < ips.length ? `${base()}/api/ipam/ip-addresses/?limit=6&offset=${offset + 6}` : null);
      case '/api/ipam/vlans/': return page('pynetbox/vlans.json');
      case '/api/ipam/prefixes/': return page('pynetbox/prefixes.json');
      default: return undefined;
    }
  };
}

describe('netbox fetch over HTTPS (recorded answers)', () => {
  let server: HttpsRecordings | undefined;
  afterEach(async () => { await server?.close(); server = undefined; });
  const ctx = (): FetchContext => ({ ...testFetchContext('nb'), env });
  const start = async (over: Partial<HttpsRecordingsOptions> = {}) => {
    server = await startHttpsRecordings({ routes: recordingsRoutes(() => server!.url), auth: { value: `Token ${CANARY}` }, ...over });
    return server;
  };
  const error = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: Error) => e.message);
  const fast = { backoffMs: 10 };

  it('follows next over several pages of every endpoint, sending the token; parse matches the recordings', async () => {
    const s = await start();
    const cfg = config({ url: s.url, tls: { caFile: s.caFile }, pageSize: 50 });
    const raw = await fetchNetbox(cfg, ctx(), fast);
    expect(Object.keys(raw).sort()).toEqual(['dcim-devices.json', 'dcim-interfaces.json', 'dcim-racks.json', 'dcim-sites.json', 'ipam-ip-addresses.json', 'ipam-prefixes.json', 'ipam-vlans.json', 'virtualization-virtual-machines.json']);
    expect(s.requests.filter((r) => r.includes('/api/dcim/devices/'))).toEqual(['GET /api/dcim/devices/?limit=50', 'GET /api/dcim/devices/?limit=0&offset=1', 'GET /api/dcim/devices/?limit=0&offset=2']);
    expect(s.requests.filter((r) => r.includes('/ip-addresses/'))).toHaveLength(3);
    expect(JSON.parse(raw['dcim-devices.json']!)).toHaveLength(4); // count said 1: next is followed
    expect(raw['dcim-devices.json']).not.toContain('custom_fields');
    expect(parse(raw, cfg)).toEqual(parse(recordedRaw(), cfg));
    expect(parse(netboxCollector.sanitize!(raw, cfg), cfg)).toEqual(parse(raw, cfg));
    expect(JSON.stringify(raw)).not.toContain(CANARY);
  });

  it('next links naming another origin (a proxy’s inner host) are read on the configured one', async () => {
    const s = await start({ routes: recordingsRoutes(() => server!.url, false) });
    const raw = await fetchNetbox(config({ url: `${s.url}/api/`, tls: { fingerprint256: s.fingerprint256 } }), ctx(), fast);
    expect(JSON.parse(raw['dcim-devices.json']!)).toHaveLength(4);
  });

  it('trusts a pinned, CA-trusted or insecure self-signed certificate; rejects it otherwise, before sending the token', async () => {
    const s = await start();
    for (const tls of [{ fingerprint256: s.fingerprint256 }, { caFile: s.caFile }, { insecure: true }]) {
      await expect(fetchNetbox(config({ url: s.url, tls }), ctx(), fast)).resolves.toHaveProperty('dcim-sites.json');
    }
    const before = s.requests.length;
    const plain = await error(fetchNetbox(config({ url: s.url }), ctx(), fast));
    expect(plain).toMatch(/^netbox source nb: [a-z/-]+: GET https:\/\/127\.0\.0\.1:\d+\/api\/\S+: certificate rejected \(.*SELF_SIGNED.*\)\. .*tls\.caFile/);
    const wrongPin = await error(fetchNetbox(config({ url: s.url, tls: { fingerprint256: '00:'.repeat(31) + '00' } }), ctx(), fast));
    expect(wrongPin).toMatch(/not the pinned tls\.fingerprint256; not sending the request/);
    expect(s.requests.length).toBe(before);
    for (const m of [plain, wrongPin]) expect(m).not.toContain('\n');
  });

  it('401 names the env var, never its value; an unset env var is said before any request', async () => {
    const s = await start();
    const wrong = await error(fetchNetbox(config({ url: s.url, tokenEnv: 'WRONG_TOKEN', tls: { caFile: s.caFile } }), ctx(), fast));
    expect(wrong).toMatch(/^netbox source nb: [a-z/-]+: GET \S+: 401 Unauthorized: 401 Unauthorized\. NetBox rejected the token: check that \$WRONG_TOKEN \(tokenEnv\) holds a valid API token/);
    const unset = await error(fetchNetbox(config({ url: s.url, tokenEnv: 'UNSET_NETBOX_TOKEN', tls: { caFile: s.caFile } }), ctx(), fast));
    expect(unset).toBe('netbox source nb: $UNSET_NETBOX_TOKEN (tokenEnv) is not set or empty; export the NetBox API token before pulling.');
    for (const m of [wrong, unset]) {
      expect(m).not.toContain('\n');
      expect(m).not.toContain('nope-not-the-token');
      expect(m).not.toContain(CANARY);
    }
  });

  it('429 once: waits out Retry-After and retries that page; a long Retry-After fails clearly', async () => {
    const s = await start({ tooManyRequestsOnce: { path: '/api/dcim/devices/', retryAfterSeconds: 1 } });
    const started = Date.now();
    const raw = await fetchNetbox(config({ url: s.url, tls: { caFile: s.caFile } }), ctx(), fast);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(JSON.parse(raw['dcim-devices.json']!)).toHaveLength(4);
    expect(s.requests.filter((r) => r === 'GET /api/dcim/devices/?limit=1000')).toHaveLength(2);
    await s.close();
    const slow = await start({ tooManyRequestsOnce: { retryAfterSeconds: 3600 } });
    const m = await error(fetchNetbox(config({ url: slow.url, tls: { caFile: slow.caFile } }), ctx(), fast));
    expect(m).toMatch(/^netbox source nb: [a-z/-]+: GET \S+: 429 Too Many Requests, Retry-After 3600 s \(longer than the 60 s waited out\)\. NetBox \(or a proxy in front of it\) is throttling/);
  });

  it('5xx: retried with backoff, at most 3 times', async () => {
    let failures = 2;
    const routes = recordingsRoutes(() => server!.url);
    const s = await start({ routes: (r) => (r.url.pathname === '/api/ipam/vlans/' && failures-- > 0 ? { status: 502, body: '<html>Bad Gateway</html>' } : routes(r)) });
    const raw = await fetchNetbox(config({ url: s.url, tls: { caFile: s.caFile } }), ctx(), fast);
    expect(JSON.parse(raw['ipam-vlans.json']!)).toHaveLength(3);
    expect(s.requests.filter((r) => r.startsWith('GET /api/ipam/vlans/'))).toHaveLength(3);
    await s.close();
    const down = await start({ routes: (r) => (r.url.pathname === '/api/ipam/vlans/' ? { status: 500, body: '{"error":"db"}' } : routes(r)) });
    const m = await error(fetchNetbox(config({ url: down.url, tls: { caFile: down.caFile } }), ctx(), fast));
    expect(m).toMatch(/^netbox source nb: ipam\/vlans: GET \S+\/api\/ipam\/vlans\/\?limit=1000: 500 Internal Server Error \(still after 3 retries\)\. NetBox failed to answer/);
    expect(down.requests.filter((r) => r.startsWith('GET /api/ipam/vlans/'))).toHaveLength(4);
  });

  it('keeps at most `concurrency` requests in flight across endpoints', async () => {
    const DELAY = 120;
    const arrivals: number[] = [];
    const routes = recordingsRoutes(() => server!.url);
    for (const concurrency of [2, 4]) {
      arrivals.length = 0;
      const s = await start({ delayMs: DELAY, routes: (r) => { arrivals.push(performance.now()); return routes(r); } });
      await fetchNetbox(config({ url: s.url, tls: { caFile: s.caFile }, concurrency }), ctx(), fast);
      // In flight when a request arrives: those that arrived less than DELAY before it (each takes ≥ DELAY).
      const inFlight = arrivals.map((t) => arrivals.filter((u) => u <= t && t - u < DELAY - 15).length);
      expect(Math.max(...inFlight)).toBeLessThanOrEqual(concurrency);
      expect(Math.max(...inFlight)).toBeGreaterThanOrEqual(2);
      expect(s.requests.length).toBe(arrivals.length);
      await s.close();
      server = undefined;
    }
  });

  it('bad answers: truncated JSON, an HTML login page, results missing, a timeout — one line naming the endpoint', async () => {
    const sites = read('pynetbox/sites.json');
    const s = await start({ routes: ({ url }) => {
      const kind = url.pathname.split('/')[1];
      const body = kind === 'trunc' ? sites.slice(0, 200)
        : kind === 'login' ? '<!DOCTYPE html>\n<html><head><title>Home | NetBox</title></head><body><form action="/login/">…</form></body></html>\n'
        : kind === 'noresults' ? '{"detail":"Invalid page."}' : sites;
      return { body, delayMs: kind === 'slow' ? 2_000 : 0, headers: kind === 'login' ? { 'content-type': 'text/html' } : undefined } satisfies RecordedResponse;
    } });
    const go = (prefix: string) => error(fetchNetbox(config({ url: `${s.url}/${prefix}`, tls: { caFile: s.caFile } }), ctx(), { ...fast, timeoutMs: 300 }));
    const m = { trunc: await go('trunc'), login: await go('login'), noresults: await go('noresults'), slow: await go('slow') };
    expect(m.trunc).toMatch(/^netbox source nb: [a-z/-]+: https:\S+\/trunc\/api\/\S+ did not answer with valid JSON \(.*; 200 bytes\): a cut-off answer or not NetBox's API\. Check that url/);
    expect(m.login).toMatch(/^netbox source nb: [a-z/-]+: https:\S+ answered with an HTML page, not JSON \(a login page/);
    expect(m.noresults).toMatch(/answered JSON without a `results` list: not a NetBox list endpoint/);
    expect(m.slow).toMatch(/^netbox source nb: [a-z/-]+: GET \S+\/slow\/api\/\S+: no answer within 0\.3 s\..*Is url reachable from here/);
    for (const x of Object.values(m)) {
      expect(x).not.toContain('\n');
      expect(x).not.toContain(CANARY);
    }
  });
});

describe('netbox fetch over plain HTTP (through ctx.get)', () => {
  it('uses ctx.get with the token, retries a 503 (not fooled by limit=500 in the URL), follows next', async () => {
    const seen: { url: string; authorization?: string }[] = [];
    let failed = false;
    const routes = recordingsRoutes(() => 'http://netbox.lab:8000');
    const ctx: FetchContext = {
      ...testFetchContext('nb'),
      env,
      async get(url, init) {
        seen.push({ url, authorization: init?.headers?.['authorization'] });
        const u = new URL(url);
        if (u.pathname === '/api/ipam/vlans/' && !failed) { failed = true; throw new Error(`GET ${url} answered 503 Service Unavailable`); }
        const a = routes({ method: 'GET', path: `${u.pathname}${u.search}`, url: u, headers: {} });
        if (!a) throw new Error(`GET ${url} answered 404 Not Found`);
        return a.body;
      },
    };
    const raw = await fetchNetbox(config({ url: 'http://netbox.lab:8000', pageSize: 500 }), ctx, { backoffMs: 5 });
    expect(JSON.parse(raw['dcim-devices.json']!)).toHaveLength(4);
    expect(seen.filter((s) => s.url.includes('/ipam/vlans/'))).toHaveLength(2);
    expect(new Set(seen.map((s) => s.authorization))).toEqual(new Set([`Token ${CANARY}`]));
    const missing = await fetchNetbox(config({ url: 'http://netbox.lab:8000/nothing', pageSize: 500 }), ctx, { backoffMs: 5 }).catch((e: Error) => e.message);
    expect(missing).toMatch(/^netbox source nb: [a-z/-]+: GET http:\S+ answered 404 Not Found\. No such API there/);
  });
});
