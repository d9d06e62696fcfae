import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema } from '../../../src/schemas/lab.ts';
import { normalizeObservation } from '../normalize.ts';
import { standIn, type StandIn } from '../testing/stand-in.ts';
import { testFetchContext } from '../testing/server-process.ts';
import { wireguardCollector, WireGuardConfigSchema, type WireGuardConfig } from './wireguard.ts';

const here = import.meta.dirname;
const recorded = path.join(here, '__recorded__/wireguard');
const config = (over: Partial<WireGuardConfig> = {}): WireGuardConfig => WireGuardConfigSchema.parse({ name: 'wg', type: 'wireguard', ...over });
const readCase = (name: string) => Object.fromEntries(readdirSync(path.join(recorded, name)).map((f) => [f, readFileSync(path.join(recorded, name, f), 'utf8')]));

// Made-up keys in the real format (44 base64 characters); the PRIVATE/PSK ones must never survive fetch.
const PRIVATE = 'cPRIVATEcanaryKEYcanaryKEYcanaryKEYcanary0E=';
const PSK = 'pPSKcanaryPSKcanaryPSKcanaryPSKcanaryPSK00E=';
const IFACE_PUB = 'IFACEpubIFACEpubIFACEpubIFACEpubIFACEpub00E=';
const A = 'AAAApeerAAAApeerAAAApeerAAAApeerAAAApeer00E=';
const B = 'BBBBpeerBBBBpeerBBBBpeerBBBBpeerBBBBpeer00E=';
const C = 'CCCCpeerCCCCpeerCCCCpeerCCCCpeerCCCCpeer00E=';
const NOW = 1_763_000_000;
/** Two interfaces: a v6 peer with a PSK that handshook 30 s ago, one that never did, one with no allowed IPs. */
const DUMP = [
  ['wg0', PRIVATE, IFACE_PUB, '51820', 'off'],
  ['wg0', A, PSK, '[2001:db8::7]:51820', 'fd00:ab::2/128,10.8.0.2/32', String(NOW - 30), '1234', '5678', '25'],
  ['wg0', B, '(none)', '(none)', '10.8.0.3/32', '0', '0', '0', 'off'],
  ['wg-ü', PRIVATE, IFACE_PUB, '51821', '0xca6c'],
  ['wg-ü', C, '(none)', 'peer.example:4500', '(none)', String(NOW - 600), '1', '2', 'off'],
].map((f) => f.join('\t')).join('\n') + '\n';

describe('wireguard parse of recorded real output', () => {
  it('exporter issue #19: one interface, 17 peers, state from the 3-minute rule, no private key', () => {
    const raw = readCase('exporter-issue19');
    expect(raw['wg-dump.tsv']).not.toContain('wJyy0Xcqk76dNQI8bnzaQvrtle5Od+wft1RBK3fC8kc=');
    const obs = wireguardCollector.parse(raw, config());
    const { entities, edges } = normalizeObservation(obs, 'wg');
    const net = entities.find((e) => e.id === 'network:wg-hub/wg0')!;
    expect(net.attributes).toMatchObject({ driver: 'wireguard', publicKey: 'VfjHGauX8OxotDMm2vi3JdwOUTDsFbxCnyInJ/wAXlk=', listenPort: 51820 });
    const peers = net.attributes['peers'] as { publicKey: string; state: string; handshake: string }[];
    expect(peers).toHaveLength(17);
    const hosts = Object.fromEntries(entities.filter((e) => e.kind === 'host').map((e) => [e.id, e]));
    expect(hosts['host:10.90.0.5']).toMatchObject({ status: 'up', aliases: ['10.211.123.126', '10.90.0.5'] }); // 95 s ago
    expect(hosts['host:10.90.0.16']).toMatchObject({ status: 'down', aliases: ['10.0.14.0', '10.211.123.125', '10.90.0.16'] }); // 269 s ago
    expect(hosts['host:10.90.0.10']!.status).toBe('down'); // never
    expect(peers.find((p) => p.publicKey.startsWith('yZOo'))).toMatchObject({ state: 'down', handshake: 'stale' });
    expect(peers.find((p) => p.publicKey.startsWith('923V'))).toMatchObject({ state: 'down', handshake: 'never' });
    expect(peers.filter((p) => p.state === 'up')).toHaveLength(3);
    expect(edges.filter((e) => e.type === 'connects-to')).toHaveLength(17);
    expect(edges.find((e) => e.to === 'host:10.90.0.5')).toEqual({ from: 'host:wg-hub', to: 'host:10.90.0.5', type: 'connects-to', evidence: [{ kind: 'observed', source: 'wg', via: 'wireguard wg0' }] });
    expect(edges.filter((e) => e.type === 'member-of' && e.to === 'network:wg-hub/wg0')).toHaveLength(18);
  });

  it('exporter TEXT: peers of interfaces without an interface line still get a network', () => {
    const obs = wireguardCollector.parse(readCase('exporter-text'), config());
    const nets = obs.entities.filter((e) => e.kind === 'network');
    expect(nets.map((n) => [n.id, n.attributes!['publicKey'], n.attributes!['listenPort']])).toEqual([
      ['network:wg-hub/wg0', '0000u8LWR682knVm350lnuqlCJzw5SNLW9Nf96P+m8=', 51820],
      ['network:wg-hub/wg2', null, null],
      ['network:wg-hub/pollo', null, null],
    ]);
    const up = obs.entities.filter((e) => e.kind === 'host' && e.status === 'up');
    expect(up.map((e) => [e.id, e.aliases])).toEqual([['host:10.70.0.2', ['10.70.0.2', '10.70.0.66', '37.159.76.245']]]);
    for (const e of obs.entities) EntitySchema.parse(e);
    for (const e of obs.edges) EdgeSchema.parse(e);
  });

  it('config.host wins over the recorded hostname', () => {
    const obs = wireguardCollector.parse(readCase('exporter-text'), config({ host: 'Gateway.lab.example' }));
    expect(obs.entities[0]!.id).toBe('host:gateway');
    expect(obs.entities.some((e) => e.id === 'network:gateway/wg0')).toBe(true);
  });
});

describe('wireguard parse', () => {
  const raw = (dump: string, now = NOW) => ({ 'wg-dump.tsv': dump, 'now.txt': `${now}\n`, 'hostname.txt': 'gw\n' });

  it('IPv6 endpoints and allowed IPs, a unicode interface name, a peer without allowed IPs', () => {
    const obs = wireguardCollector.parse(raw(DUMP), config());
    const { entities } = normalizeObservation(obs, 'wg');
    expect(entities.map((e) => e.id)).toEqual(['host:10.8.0.3', 'host:fd00:ab::2', 'host:gw', 'network:gw/wg-ü', 'network:gw/wg0']);
    expect(entities.find((e) => e.id === 'host:fd00:ab::2')).toMatchObject({ status: 'up', aliases: ['10.8.0.2', '2001:db8::7', 'fd00:ab::2'] });
    const wgU = entities.find((e) => e.id === 'network:gw/wg-ü')!;
    // C has no allowed IPs: listed on the network, but no host to key it by.
    expect(wgU.attributes['peers']).toEqual([{ publicKey: C, endpoint: 'peer.example:4500', allowedIps: [], state: 'down', handshake: 'stale' }]);
  });

  it('an unchanged link gives the same observation on the next pull (state, not age)', () => {
    expect(wireguardCollector.parse(raw(DUMP, NOW + 60), config())).toEqual(wireguardCollector.parse(raw(DUMP), config()));
  });

  it('no interfaces (empty output) is just the host', () => {
    const obs = wireguardCollector.parse(raw(''), config());
    expect(obs).toEqual({ entities: [{ id: 'host:gw', kind: 'host', name: 'gw', sources: ['wg'], aliases: [], attributes: {} }], edges: [] });
  });

  it('rejects a truncated dump and a recording without now.txt with a one-line message', () => {
    const cut = DUMP.slice(0, DUMP.indexOf('\t0\t0\t0\toff'));
    expect(() => wireguardCollector.parse(raw(cut), config())).toThrow(/^wireguard source wg: wg-dump.tsv line 3 is no interface line \(listen-port "\(none\)", fwmark "10.8.0.3\/32"\): cut short\?; re-record it\.$/);
    expect(() => wireguardCollector.parse({ 'wg-dump.tsv': DUMP }, config())).toThrow(/wireguard source wg: now.txt .* is missing/);
  });

  it('sanitize hides private and preshared keys in raw output from elsewhere', () => {
    const clean = wireguardCollector.sanitize!(raw(DUMP), config());
    expect(clean['wg-dump.tsv']).not.toContain(PRIVATE);
    expect(clean['wg-dump.tsv']).not.toContain(PSK);
    expect(clean['wg-dump.tsv']).toContain(IFACE_PUB);
  });
});

describe('wireguard fetch through a stand-in `wg`', () => {
  let fake: StandIn | undefined;
  afterEach(() => fake?.remove());
  const fetchWith = (s: StandIn, cfg = config({ host: 'gw' })) => wireguardCollector.fetch(cfg, testFetchContext('wg', s.env));

  it('runs `wg show all dump`, drops the private and preshared keys, records now and the host', async () => {
    fake = standIn('wg', { expectArgs: ['show', 'all', 'dump'], stdout: DUMP });
    const before = Math.floor(Date.now() / 1000);
    const raw = await fetchWith(fake);
    expect(Object.keys(raw).sort()).toEqual(['hostname.txt', 'now.txt', 'wg-dump.tsv']);
    expect(JSON.stringify(raw)).not.toContain(PRIVATE);
    expect(JSON.stringify(raw)).not.toContain(PSK);
    expect(Number(raw['now.txt'])).toBeGreaterThanOrEqual(before);
    expect(raw['hostname.txt']).toBe('gw\n');
    const obs = wireguardCollector.parse(raw, config());
    expect(JSON.stringify(obs)).not.toMatch(/canary/);
    expect(obs.entities.filter((e) => e.kind === 'network')).toHaveLength(2);
  });

  it('over ssh: BatchMode, the destination after --, host defaults to the destination', async () => {
    fake = standIn('ssh', { expectArgs: ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '--', 'admin@vpn-gw', 'wg', 'show', 'all', 'dump'], stdout: DUMP });
    const raw = await fetchWith(fake, config({ ssh: 'admin@vpn-gw' }));
    expect(raw['hostname.txt']).toBe('vpn-gw\n');
    expect(raw['wg-dump.tsv']).not.toContain(PRIVATE);
  });

  it('non-zero exit: names the source and what to check, on one line', async () => {
    fake = standIn('wg', { stderr: 'Unable to access interface: Operation not permitted\n', exitCode: 1 });
    const error = (await fetchWith(fake).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^wireguard source wg: wg on this machine may not read the interfaces: .*CAP_NET_ADMIN.*\(Unable to access interface: Operation not permitted\)$/);
    expect(error.message).not.toContain('\n');
  });

  it('an HTML page or a cut-off dump instead of the dump', async () => {
    fake = standIn('wg', { stdout: '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Login</body></html>\n' });
    await expect(fetchWith(fake)).rejects.toThrow(/^wireguard source wg: `wg show all dump` on this machine printed something that is not a dump \(line 1 has 1 tab-separated fields/);
    fake.remove();
    fake = standIn('wg', { stdout: DUMP.slice(0, 200) });
    const error = (await fetchWith(fake).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/not a dump \(line 2 has \d tab-separated fields/);
    expect(error.message).not.toContain(PRIVATE);
  });

  it('a hung wg times out', async () => {
    fake = standIn('wg', { sleepSeconds: 5 });
    await expect(fetchWith(fake, config({ host: 'gw', timeoutMs: 300 }))).rejects.toThrow(/^wireguard source wg: `wg show all dump` on this machine timed out/);
  });

  it('wg not installed', async () => {
    const cfg = config({ host: 'gw' });
    const ctx = testFetchContext('wg', { PATH: '/nonexistent' });
    await expect(wireguardCollector.fetch(cfg, ctx)).rejects.toThrow(/^wireguard source wg: wg is not installed on this machine: install wireguard-tools\./);
  });
});
