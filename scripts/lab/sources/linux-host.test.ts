import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema } from '../../../src/schemas/lab.ts';
import { toolOrSkip, which } from '../../../tests/helpers/require-tool.ts';
import type { Observation, RawOutput } from '../collector.ts';
import { normalizeHostName } from '../identity.ts';
import { readRaw, writeRaw } from '../store.ts';
import { freePort, tempDir, testFetchContext } from '../testing/server-process.ts';
import { linuxHostCollector, LinuxHostConfigSchema, type LinuxHostConfig } from './linux-host.ts';
import { dnsObservation, parseResolvConf, resolvers } from './linux-host/dns.ts';
import { identifyingAddresses, parseIpJson, parseIpText, parseSs } from './linux-host/network.ts';
import { LINUX_HOST_SCRIPT, scriptCommand } from './linux-host/script.ts';
import { startPrivateSshd, type PrivateSshd } from './linux-host/test-sshd.ts';

const recorded = path.join(import.meta.dirname, '__recorded__/linux-host');
const config = (over: Partial<LinuxHostConfig> = {}): LinuxHostConfig => LinuxHostConfigSchema.parse({ name: 'local', type: 'linux-host', ...over });
const hostOf = (obs: Observation) => obs.entities.find((e) => e.kind === 'host')!;
const attrs = (obs: Observation) => hostOf(obs).attributes as Record<string, any>;
const valid = (obs: Observation) => {
  for (const e of obs.entities) EntitySchema.parse(e);
  for (const e of obs.edges) EdgeSchema.parse(e);
};
/** The nameservers of this machine's /etc/resolv.conf, read without the collector's code. */
const etcNameservers = () => [...readFileSync('/etc/resolv.conf', 'utf8').matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1]!.replace(/%.*$/, ''));

async function listenOnLoopback(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const portOf = (s: Server) => (s.address() as { port: number }).port;

describe('linux-host on this machine (real commands)', () => {
  let server: Server;
  let raw: RawOutput;
  let obs: Observation;
  beforeAll(async () => {
    server = await listenOnLoopback();
    raw = await linuxHostCollector.fetch(config(), testFetchContext('local'));
    obs = linuxHostCollector.parse(raw, config());
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('names the host as the OS does and reports its kernel, memory and CPUs', () => {
    valid(obs);
    const host = hostOf(obs);
    expect(host).toMatchObject({ id: `host:${normalizeHostName(os.hostname())}`, name: normalizeHostName(os.hostname()), status: 'up', sources: ['local'] });
    const a = attrs(obs);
    expect(a.hostname).toBe(os.hostname());
    expect(a.kernel).toBe(os.release());
    expect(a.arch).toBe(os.machine());
    expect(Math.abs(a.memoryBytes - os.totalmem()) / os.totalmem()).toBeLessThan(0.01);
    expect(a.cpu.cores).toBeGreaterThanOrEqual(1);
    expect(a.os.id).toMatch(/^[a-z0-9._-]+$/);
  });

  it('sees the root file system and at least one address', () => {
    const a = attrs(obs);
    expect(a.filesystems.find((f: { mount: string }) => f.mount === '/')).toMatchObject({ sizeBytes: expect.any(Number) });
    expect(a.addresses.length).toBeGreaterThanOrEqual(1);
    for (const alias of identifyingAddresses(a.addresses)) expect(hostOf(obs).aliases).toContain(alias);
  });

  it('lists the port this test listens on', () => {
    const mine = attrs(obs).listening.find((l: { port: number }) => l.port === portOf(server));
    expect(mine).toMatchObject({ protocol: 'tcp', address: '127.0.0.1' });
    // ss names the process only when it may (root, or our own user); for a vitest worker thread
    // the kernel's name is the thread's (`MainThread`), not `node`.
    if (mine.process !== undefined) expect(mine.process).toMatch(/\S/);
  });

  it('reports /etc/resolv.conf and a depends-on edge per non-loopback resolver', () => {
    const a = attrs(obs);
    const stub = etcNameservers().some((n) => n === '127.0.0.53' || n === '127.0.0.54');
    if (!stub || !existsSync('/run/systemd/resolve/resolv.conf')) expect(a.dnsResolvers).toEqual([...new Set(etcNameservers())]);
    const remote = a.dnsResolvers.filter((r: string) => !/^127\.|^::1$/.test(r));
    expect(obs.edges.map((e) => e.to).sort()).toEqual(remote.map((r: string) => `dns-server:${r}`).sort());
    for (const e of obs.edges) expect(e).toMatchObject({ from: hostOf(obs).id, type: 'depends-on' });
  });

  it('reports systemd services only when systemd runs', () => {
    const services = attrs(obs).services;
    if (existsSync('/run/systemd/system')) expect(Array.isArray(services)).toBe(true);
    else expect(services).toBeNull();
  });

  it('gives the same observation when the raw output is recorded and replayed', async () => {
    const tmp = tempDir('linux-host-replay');
    try {
      await writeRaw(tmp.dir, 'local', raw);
      expect(linuxHostCollector.parse(readRaw(tmp.dir, 'local'), config())).toEqual(obs);
    } finally {
      tmp.remove();
    }
  });

  it('falls back to df and `ip -o addr` where findmnt is missing and ip has no -j', async () => {
    const tmp = tempDir('linux-host-old-tools');
    try {
      writeFileSync(path.join(tmp.dir, 'findmnt'), '#!/bin/sh\necho "findmnt: not found" >&2; exit 127\n');
      writeFileSync(path.join(tmp.dir, 'ip'), `#!/bin/sh\nif [ "$1" = "-j" ]; then echo 'Option "-j" is unknown, try "ip -help".' >&2; exit 255; fi\nexec ${which('ip')} "$@"\n`);
      for (const f of ['findmnt', 'ip']) chmodSync(path.join(tmp.dir, f), 0o755);
      const old = await linuxHostCollector.fetch(config(), testFetchContext('local', { PATH: `${tmp.dir}:${process.env.PATH}` }));
      expect(old['df.txt']).toMatch(/^Filesystem/);
      expect(old['ip-addr.txt']).toMatch(/\binet\b/);
      const a = attrs(linuxHostCollector.parse(old, config()));
      expect(a.addresses).toEqual(attrs(obs).addresses);
      const root = (list: { mount: string; sizeBytes: number }[]) => list.find((f) => f.mount === '/')!;
      expect(root(a.filesystems).sizeBytes).toBe(root(attrs(obs).filesystems).sizeBytes);
    } finally {
      tmp.remove();
    }
  });
});

const sshd = toolOrSkip('sshd', 'Install it with `apt-get install -y openssh-server`', 'linux-host over ssh');

describe.skipIf(sshd === 'skip')('linux-host over ssh (a private sshd on 127.0.0.1)', () => {
  let remote: PrivateSshd;
  beforeAll(async () => { remote = await startPrivateSshd(sshd); });
  afterAll(async () => { await remote?.stop(); });

  it('collects the same host through one ssh connection', async () => {
    const cfg = config({ name: 'over-ssh', ssh: remote.target, sshOptions: remote.sshOptions });
    const raw = await linuxHostCollector.fetch(cfg, testFetchContext('over-ssh'));
    const obs = linuxHostCollector.parse(raw, cfg);
    valid(obs);
    expect(attrs(obs)).toMatchObject({ hostname: os.hostname(), kernel: os.release() });
    expect(hostOf(obs).sources).toEqual(['over-ssh']);
    // The private sshd itself is listening on the "remote" side.
    expect(attrs(obs).listening).toContainEqual(expect.objectContaining({ protocol: 'tcp', address: '127.0.0.1', port: remote.port }));
  });

  it('fails naming the source, the destination and the ssh command when nobody answers', async () => {
    const port = await freePort();
    const cfg = config({ name: 'gone', ssh: 'nobody@127.0.0.1', sshOptions: ['-F', '/dev/null', '-p', String(port)] });
    await expect(linuxHostCollector.fetch(cfg, testFetchContext('gone')))
      .rejects.toThrow(/linux-host source gone: collecting nobody@127\.0\.0\.1 \(over ssh\) with `ssh -F \/dev\/null -p \d+ .* nobody@127\.0\.0\.1 sh -s < collection script` failed/);
  });
});

describe('ssh command line', () => {
  it('runs the script with sh -c here and over one ssh connection for a remote host, user options first', () => {
    expect(scriptCommand({})).toEqual({ file: 'sh', args: ['-c', LINUX_HOST_SCRIPT] });
    expect(scriptCommand({ ssh: 'admin@nas', sshOptions: ['-p', '2222', '-o', 'ConnectTimeout=3'] })).toEqual({
      file: 'ssh',
      // ssh keeps the first value of an option: the configured ConnectTimeout=3 beats our 15.
      args: ['-p', '2222', '-o', 'ConnectTimeout=3', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '--', 'admin@nas', 'sh -s'],
      input: LINUX_HOST_SCRIPT,
    });
  });

  it('refuses an ssh destination that is really an option', () => {
    expect(LinuxHostConfigSchema.safeParse({ name: 'x', type: 'linux-host', ssh: '-oProxyCommand=touch /tmp/x' }).success).toBe(false);
  });
});

describe('replaying recorded output', () => {
  it('local: this machine (Debian 12, no systemd, plain resolv.conf)', () => {
    const obs = linuxHostCollector.parse(readRaw(recorded, 'local'), config());
    valid(obs);
    expect(hostOf(obs)).toMatchObject({ id: 'host:vm', name: 'vm', aliases: ['192.0.2.2', 'fd00::2'] });
    expect(attrs(obs)).toMatchObject({
      hostname: 'vm', fqdn: null, os: { id: 'debian', name: 'Debian GNU/Linux', version: '12' }, kernel: '6.18.44-fc-v595', arch: 'x86_64',
      cpu: { model: 'AMD EPYC', cores: 2 }, memoryBytes: 24684096 * 1024, services: null, dnsResolvers: ['10.255.255.53'],
      filesystems: [{ source: '/dev/vda', mount: '/', fstype: 'ext4', sizeBytes: 270553174016, usedBytes: expect.any(Number) }],
      // Two Prometheus test servers of another suite happened to run while this was recorded.
      listening: [
        { protocol: 'tcp', address: '0.0.0.0', port: 2024 },
        { protocol: 'tcp', address: '127.0.0.1', port: 36465, process: 'prometheus' },
        { protocol: 'tcp', address: '127.0.0.1', port: 45807, process: 'prometheus-node' },
      ],
    });
    expect(obs.entities).toContainEqual({ id: 'dns-server:10.255.255.53', kind: 'dns-server', name: '10.255.255.53', sources: ['local'], attributes: { address: '10.255.255.53', port: 53 } });
    expect(obs.edges).toEqual([{ from: 'host:vm', to: 'dns-server:10.255.255.53', type: 'depends-on', evidence: [{ kind: 'observed', source: 'local', via: 'resolv.conf nameserver 10.255.255.53' }] }]);
  });

  it('local-fallbacks: the same machine through df and `ip -o addr`', () => {
    const a = attrs(linuxHostCollector.parse(readRaw(recorded, 'local-fallbacks'), config()));
    const local = attrs(linuxHostCollector.parse(readRaw(recorded, 'local'), config()));
    expect(a.filesystems).toEqual([{ source: '/dev/vda', mount: '/', fstype: 'ext4', sizeBytes: 264212084 * 1024, usedBytes: 26278864 * 1024 }]);
    expect(a.addresses).toEqual(local.addresses);
  });

  it('azure-ubuntu24-resolved: stub resolv.conf, upstream from resolvectl status, ss -tupna, ip a', () => {
    const raw = readRaw(recorded, 'azure-ubuntu24-resolved');
    // A partial capture (no hostname section): parse must refuse rather than invent a name.
    expect(() => linuxHostCollector.parse(raw, config({ name: 'azure' }))).toThrow(/linux-host source azure: hostname\.txt is missing/);
    const dns = resolvers({ resolvConf: raw['resolv.conf']!, resolvectl: raw['resolvectl.txt'] });
    expect(dns).toEqual([{ address: '168.63.129.16', via: 'resolv.conf nameserver 127.0.0.53 (systemd-resolved) → upstream 168.63.129.16 (resolvectl dns)' }]);
    expect(dnsObservation('host:linux', dns, 'azure').edges).toEqual([
      { from: 'host:linux', to: 'dns-server:168.63.129.16', type: 'depends-on', evidence: [{ kind: 'observed', source: 'azure', via: dns[0]!.via }] },
    ]);
    const addresses = parseIpText(raw['ip-addr.txt']!);
    expect(addresses.map((a) => `${a.interface} ${a.address}/${a.prefix}`)).toEqual([
      'enP31006s1 fe80::6245:bdff:feef:f34d/64', 'eth0 10.0.0.4/24', 'eth0 fe80::6245:bdff:feef:f34d/64', 'lo 127.0.0.1/8', 'lo ::1/128',
    ]);
    expect(identifyingAddresses(addresses)).toEqual(['10.0.0.4']);
    expect(parseSs(raw['ss.txt']!).map((l) => `${l.protocol} ${l.address} ${l.port}${l.process ? ` ${l.process}` : ''}`)).toEqual([
      'tcp 0.0.0.0 22', 'tcp :: 22', 'tcp 127.0.0.53 53', 'tcp 127.0.0.54 53', 'tcp 127.0.0.1 39739 code-7d842fb85a',
      'udp 127.0.0.53 53', 'udp 127.0.0.54 53', 'udp 10.0.0.4 68', 'udp 127.0.0.1 323', 'udp ::1 323',
    ]);
  });

  it('the same stub on a whole host: the local recording with the Azure VM\'s DNS files swapped in', () => {
    const azure = readRaw(recorded, 'azure-ubuntu24-resolved');
    const raw = { ...readRaw(recorded, 'local'), 'resolv.conf': azure['resolv.conf']!, 'resolvectl.txt': azure['resolvectl.txt']! };
    const obs = linuxHostCollector.parse(raw, config());
    expect(attrs(obs).dnsResolvers).toEqual(['168.63.129.16']);
    expect(obs.edges.map((e) => e.to)).toEqual(['dns-server:168.63.129.16']);
    expect(obs.entities.map((e) => e.id)).not.toContain('dns-server:127.0.0.53');
  });

  it('systemd-pr7216-resolved: the stub, with upstreams from /run/systemd/resolve/resolv.conf', () => {
    const raw = readRaw(recorded, 'systemd-pr7216-resolved');
    expect(parseResolvConf(raw['resolv.conf']!)).toEqual(['127.0.0.53']);
    expect(resolvers({ resolvConf: raw['resolv.conf']!, resolvedConf: raw['resolved-resolv.conf'] }).map((r) => [r.address, r.via])).toEqual([
      ['10.224.254.1', 'resolv.conf nameserver 127.0.0.53 (systemd-resolved) → upstream 10.224.254.1 (/run/systemd/resolve/resolv.conf)'],
      ['10.224.253.1', 'resolv.conf nameserver 127.0.0.53 (systemd-resolved) → upstream 10.224.253.1 (/run/systemd/resolve/resolv.conf)'],
    ]);
  });

  it('lightkeeper-debian12: `ip -j addr show` with altnames and noprefixroute', () => {
    const addresses = parseIpJson(readRaw(recorded, 'lightkeeper-debian12')['ip-addr.json']!);
    expect(addresses).toEqual([
      { interface: 'eth0', address: '1.2.3.4', prefix: 32, family: 'ipv4' },
      { interface: 'lo', address: '127.0.0.1', prefix: 8, family: 'ipv4' },
      { interface: 'lo', address: '::1', prefix: 128, family: 'ipv6' },
    ]);
    expect(identifyingAddresses(addresses)).toEqual(['1.2.3.4']);
  });
});
