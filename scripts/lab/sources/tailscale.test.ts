import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema } from '../../../src/schemas/lab.ts';
import { normalizeObservation } from '../normalize.ts';
import { standIn, type StandIn } from '../testing/stand-in.ts';
import { testFetchContext } from '../testing/server-process.ts';
import { tailscaleCollector, TailscaleConfigSchema, type TailscaleConfig } from './tailscale.ts';

const here = import.meta.dirname;
const recorded = path.join(here, '__recorded__/tailscale');
const config = (over: Partial<TailscaleConfig> = {}): TailscaleConfig => TailscaleConfigSchema.parse({ name: 'ts', type: 'tailscale', ...over });
const readCase = (name: string) => ({ 'status.json': readFileSync(path.join(recorded, name, 'status.json'), 'utf8') });
const valid = (obs: ReturnType<typeof tailscaleCollector.parse>) => {
  for (const e of obs.entities) EntitySchema.parse(e);
  for (const e of obs.edges) EdgeSchema.parse(e);
  return normalizeObservation(obs, 'ts');
};

/** A status document in the shape of tailscale 1.9x, with the awkward cases the recordings lack. */
const node = (over: Record<string, unknown>) => ({
  ID: 'n', PublicKey: 'nodekey:abc', HostName: 'x', DNSName: '', OS: 'linux', UserID: 1, TailscaleIPs: [], Addrs: null, CurAddr: '',
  Relay: 'fra', RxBytes: 1, TxBytes: 2, Created: '2025-01-01T00:00:00Z', LastWrite: '0001-01-01T00:00:00Z', LastSeen: '2026-01-01T00:00:00Z',
  LastHandshake: '0001-01-01T00:00:00Z', Online: true, ExitNode: false, ExitNodeOption: false, Active: false, ...over,
});
const STATUS = {
  Version: '1.90.6-tdeadbeef', TUN: true, BackendState: 'Running', MagicDNSSuffix: 'tail1234.ts.net',
  CurrentTailnet: { Name: 'lab@example.org', MagicDNSSuffix: 'tail1234.ts.net', MagicDNSEnabled: true },
  Self: node({ HostName: 'Büro-PC', DNSName: 'buro-pc.tail1234.ts.net.', TailscaleIPs: ['100.64.0.1', 'fd7a:115c:a1e0::1'] }),
  Peer: {
    'nodekey:01': node({ HostName: '🍓 Pi', DNSName: 'pi.tail1234.ts.net.', TailscaleIPs: ['100.64.0.2'], Online: false }),
    'nodekey:02': node({ HostName: 'exit', DNSName: 'exit.tail1234.ts.net.', TailscaleIPs: ['100.64.0.3', 'fd7a:115c:a1e0::3'], ExitNode: true, ExitNodeOption: true, Tags: ['tag:server', 'tag:exit'] }),
    'nodekey:03': node({ HostName: 'nas', DNSName: 'nas.tail1234.ts.net.', TailscaleIPs: ['100.64.0.4'] }),
    'nodekey:04': node({ HostName: 'nas', DNSName: 'nas-1.tail1234.ts.net.', TailscaleIPs: ['100.64.0.5'], Relay: '' }),
    'nodekey:05': node({ HostName: 'localhost', DNSName: '', OS: 'android', TailscaleIPs: ['100.64.0.6'] }),
  },
};

describe('tailscale parse of recorded real output', () => {
  it('homelab-cli (1.94, macOS): unicode Self, iOS `localhost` peers named by their DNS name', () => {
    const { entities, edges } = valid(tailscaleCollector.parse(readCase('homelab-cli-v1.94'), config()));
    expect(entities.map((e) => [e.id, e.status])).toEqual([
      ['host:borjas-macbook-air-1', 'up'], ['host:desktop-pc', 'up'], ['host:home-server', 'up'], ['host:ipad-pro-11-gen-1', 'down'],
      ['host:iphone-12-mini', 'down'], ['host:iphone175', 'up'], ['network:tailnet/tailb32c47.ts.net', undefined],
    ]);
    const self = entities.find((e) => e.id === 'host:borjas-macbook-air-1')!;
    expect(self.aliases).toEqual(['100.111.93.67', 'Borja’s MacBook Air', 'borjas-macbook-air-1.tailb32c47.ts.net', 'fd7a:115c:a1e0::e101:5d45']);
    expect(self.attributes).toEqual({ tailscale: { os: 'macOS', online: true, exitNode: false, exitNodeOption: false, tags: [], relay: 'sao' } });
    expect(JSON.stringify(entities)).not.toMatch(/LastSeen|RxBytes|nodekey|borjampm/i);
    expect(edges.filter((e) => e.type === 'member-of')).toHaveLength(6);
    expect(edges.filter((e) => e.type === 'connects-to').map((e) => [e.from, e.to])).toEqual([
      ['host:borjas-macbook-air-1', 'host:desktop-pc'], ['host:borjas-macbook-air-1', 'host:home-server'], ['host:borjas-macbook-air-1', 'host:ipad-pro-11-gen-1'],
      ['host:borjas-macbook-air-1', 'host:iphone-12-mini'], ['host:borjas-macbook-air-1', 'host:iphone175'],
    ]);
    expect(edges[0]!.evidence).toEqual([{ kind: 'observed', source: 'ts', via: 'tailscale mesh' }]);
  });

  it('dgx-control (1.102, linux): no MagicDNSSuffix, no Relay, no Tags', () => {
    const { entities } = valid(tailscaleCollector.parse(readCase('dgx-control-v1.102'), config()));
    expect(entities.map((e) => e.id)).toEqual(['host:dgx-spark-01', 'host:peer-1', 'host:peer-2', 'host:peer-3', 'network:tailnet/tailnet']);
    expect(entities.find((e) => e.id === 'host:peer-3')).toMatchObject({ status: 'up', attributes: { tailscale: { os: 'linux', online: true, exitNode: false, exitNodeOption: false, tags: [] } } });
  });
});

describe('tailscale parse', () => {
  it('unicode, emoji, duplicate HostNames and DNS-less android peers all give valid, distinct ids', () => {
    const { entities } = valid(tailscaleCollector.parse({ 'status.json': JSON.stringify(STATUS) }, config()));
    expect(entities.map((e) => [e.id, e.status])).toEqual([
      ['host:100.64.0.6', 'up'], ['host:büro-pc', 'up'], ['host:exit', 'up'], ['host:nas', 'up'], ['host:nas-1', 'up'], ['host:pi', 'down'], ['network:tailnet/tail1234.ts.net', undefined],
    ]);
    expect(entities.find((e) => e.id === 'host:exit')!.attributes).toEqual({ tailscale: { os: 'linux', online: true, exitNode: true, exitNodeOption: true, tags: ['tag:exit', 'tag:server'], relay: 'fra' } });
    expect(entities.find((e) => e.id === 'network:tailnet/tail1234.ts.net')!.name).toBe('tail1234.ts.net');
    expect(JSON.stringify(entities)).not.toContain('lab@example.org');
  });

  it('the same tailnet with new counters and times gives the same observation', () => {
    const later = structuredClone(STATUS) as typeof STATUS & { Peer: Record<string, Record<string, unknown>> };
    for (const p of Object.values(later.Peer)) Object.assign(p, { RxBytes: 999, LastSeen: '2026-06-01T00:00:00Z', LastHandshake: '2026-06-01T00:00:00Z' });
    expect(tailscaleCollector.parse({ 'status.json': JSON.stringify(later) }, config())).toEqual(tailscaleCollector.parse({ 'status.json': JSON.stringify(STATUS) }, config()));
  });

  it('no peers (`Peer: null`): Self and the network', () => {
    const obs = tailscaleCollector.parse({ 'status.json': JSON.stringify({ ...STATUS, Peer: null }) }, config());
    expect(obs.entities.map((e) => e.id)).toEqual(['network:tailnet/tail1234.ts.net', 'host:büro-pc']);
  });

  it('bad recordings: truncated JSON, no Version, an HTML page', () => {
    const text = JSON.stringify(STATUS);
    expect(() => tailscaleCollector.parse({ 'status.json': text.slice(0, 300) }, config())).toThrow(/^tailscale source ts: status.json is not JSON: /);
    const { Version: _v, ...noVersion } = STATUS;
    expect(() => tailscaleCollector.parse({ 'status.json': JSON.stringify(noVersion) }, config())).toThrow(/^tailscale source ts: status.json is not `tailscale status --json` output \(Version: /);
    expect(() => tailscaleCollector.parse({ 'status.json': '<html><body>Sign in</body></html>' }, config())).toThrow(/looks like an HTML page/);
  });
});

describe('tailscale fetch through a stand-in `tailscale`', () => {
  let fake: StandIn | undefined;
  afterEach(() => fake?.remove());
  const fetchWith = (s: StandIn, cfg = config()) => tailscaleCollector.fetch(cfg, testFetchContext('ts', s.env));

  it('runs `tailscale status --json` and keeps its output as status.json', async () => {
    const text = readCase('homelab-cli-v1.94')['status.json'];
    fake = standIn('tailscale', { expectArgs: ['status', '--json'], stdout: text });
    expect(await fetchWith(fake)).toEqual({ 'status.json': text });
  });

  it('over ssh: BatchMode, the destination after --', async () => {
    fake = standIn('ssh', { expectArgs: ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '--', 'admin@gw', 'tailscale', 'status', '--json'], stdout: JSON.stringify(STATUS) });
    expect(Object.keys(await fetchWith(fake, config({ ssh: 'admin@gw' })))).toEqual(['status.json']);
  });

  it('tailscaled not running: non-zero exit with its stderr line, on one line', async () => {
    fake = standIn('tailscale', { stderr: 'failed to connect to local tailscaled; it doesn\'t appear to be running (sudo systemctl start tailscaled ?)\n', exitCode: 1 });
    const error = (await fetchWith(fake).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^tailscale source ts: tailscaled is not running on this machine: start it .*\(failed to connect to local tailscaled/);
    expect(error.message).not.toContain('\n');
  });

  it('logged out (BackendState NeedsLogin), an HTML page, truncated output', async () => {
    fake = standIn('tailscale', { stdout: JSON.stringify({ ...STATUS, BackendState: 'NeedsLogin', Peer: null }) });
    await expect(fetchWith(fake)).rejects.toThrow(/^tailscale source ts: tailscale on this machine is not connected \(BackendState NeedsLogin\): run `tailscale up` there and log in\.$/);
    fake.remove();
    fake = standIn('tailscale', { stdout: '<!DOCTYPE html><html><title>Login</title></html>' });
    await expect(fetchWith(fake)).rejects.toThrow(/^tailscale source ts: the output of `tailscale status --json` on this machine is not JSON \(it looks like an HTML page/);
    fake.remove();
    fake = standIn('tailscale', { stdout: JSON.stringify(STATUS).slice(0, 100) });
    await expect(fetchWith(fake)).rejects.toThrow(/^tailscale source ts: the output of `tailscale status --json` on this machine is not JSON: /);
  });

  it('a hung tailscale times out', async () => {
    fake = standIn('tailscale', { sleepSeconds: 5 });
    await expect(fetchWith(fake, config({ timeoutMs: 300 }))).rejects.toThrow(/^tailscale source ts: `tailscale status --json` on this machine timed out/);
  });
});
