import { describe, expect, it } from 'vitest';
import { linuxHostCollector } from '../linux-host.ts';
import { parseResolvConf, parseResolvectl, resolvers, serverAddress } from './dns.ts';
import { parseDf, parseFindmnt } from './filesystems.ts';
import { identifyingAddresses, parseIpJson, parseIpText, parseSs } from './network.ts';
import { section, splitSections } from './script.ts';
import { osInfo, parseCpu, parseMemTotal, parseOsRelease, parseSystemctl, parseUname } from './system.ts';

// Inputs here are single lines in the shapes the tools print (man pages, real output seen in
// __recorded__/linux-host and public transcripts); whole real outputs are tested in linux-host.test.ts.

describe('os-release', () => {
  it.each([
    ['ID=debian', 'ID', 'debian'],
    ['NAME="Debian GNU/Linux"', 'NAME', 'Debian GNU/Linux'],
    ["NAME='Alpine Linux'", 'NAME', 'Alpine Linux'],
    ['PRETTY_NAME="Say \\"hi\\" for \\$5 \\`now\\` \\\\o/"', 'PRETTY_NAME', 'Say "hi" for $5 `now` \\o/'],
    ["VARIANT='no \\\"escapes\\\" in single quotes'", 'VARIANT', 'no \\"escapes\\" in single quotes'],
    ['  VERSION_ID="22.04"  ', 'VERSION_ID', '22.04'],
    ['BUILD_ID=', 'BUILD_ID', ''],
  ])('%s', (line, key, value) => {
    expect(parseOsRelease(line)[key]).toBe(value);
  });

  it('skips comments and blank lines, and works without VERSION_ID (rolling releases)', () => {
    expect(parseOsRelease('# ID=commented\n\nID=arch\n')).toEqual({ ID: 'arch' });
    expect(osInfo('NAME="Arch Linux"\nID=arch\nBUILD_ID=rolling\n')).toEqual({ id: 'arch', name: 'Arch Linux', version: null });
    expect(osInfo('')).toEqual({ id: null, name: null, version: null });
  });
});

describe('uname, cpu, memory', () => {
  it.each([
    ['Linux 6.1.0-41-amd64 x86_64', { kernel: '6.1.0-41-amd64', arch: 'x86_64' }],
    ['Linux 6.6.31+rpt-rpi-v8 aarch64\n', { kernel: '6.6.31+rpt-rpi-v8', arch: 'aarch64' }],
    ['', { kernel: null, arch: null }],
  ])('uname -srm %j', (text, want) => expect(parseUname(text)).toEqual(want));

  it.each([
    ['x86', 'processor\t: 0\nmodel name\t: AMD EPYC\nprocessor\t: 1\nmodel name\t: AMD EPYC\n', '', { model: 'AMD EPYC', cores: 2 }],
    ['Raspberry Pi (Model, no model name)', 'processor\t: 0\nprocessor\t: 1\nprocessor\t: 2\nprocessor\t: 3\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n', '', { model: 'Raspberry Pi 4 Model B Rev 1.4', cores: 4 }],
    ['cpuinfo unreadable: nproc', '', '8\n', { model: null, cores: 8 }],
    ['nothing', '', '', { model: null, cores: null }],
  ])('%s', (_name, cpuinfo, nproc, want) => expect(parseCpu(cpuinfo, nproc)).toEqual(want));

  it('reads MemTotal in kB as bytes', () => {
    expect(parseMemTotal('MemTotal:        2000000 kB\nMemFree: 1 kB\n')).toBe(2_048_000_000);
    expect(parseMemTotal('')).toBeNull();
  });
});

describe('ss listeners', () => {
  it.each([
    ['IPv4 any', 'tcp   LISTEN 0 4096 0.0.0.0:22 0.0.0.0:*', { protocol: 'tcp', address: '0.0.0.0', port: 22 }],
    ['IPv6 any in brackets', 'tcp   LISTEN 0 4096 [::]:22 [::]:*', { protocol: 'tcp', address: '::', port: 22 }],
    ['IPv6 any, old ss', 'tcp   LISTEN 0 128 :::22 :::*', { protocol: 'tcp', address: '::', port: 22 }],
    ['star (both families)', 'tcp   LISTEN 0 511 *:80 *:*', { protocol: 'tcp', address: '*', port: 80 }],
    ['address with %interface', 'udp   UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:*', { protocol: 'udp', address: '127.0.0.53', port: 53 }],
    ['link-local with zone', 'udp   UNCONN 0 0 [fe80::1%eth0]:123 [::]:*', { protocol: 'udp', address: 'fe80::1', port: 123 }],
    ['process', 'tcp LISTEN 0 128 127.0.0.1:631 0.0.0.0:* users:(("cupsd",pid=812,fd=7))', { protocol: 'tcp', address: '127.0.0.1', port: 631, process: 'cupsd' }],
    ['two processes on one socket', 'tcp LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:(("nginx",pid=2,fd=6),("nginx",pid=1,fd=6),("apache2",pid=9,fd=3))', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'apache2,nginx' }],
    ['one protocol, no Netid column', 'LISTEN 0 128 0.0.0.0:5432 0.0.0.0:*', { protocol: 'tcp', address: '0.0.0.0', port: 5432 }],
  ])('%s', (_name, line, want) => expect(parseSs(line)).toEqual([want]));

  it('skips the header, established connections and other socket types, and removes duplicates', () => {
    const text = [
      'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
      'tcp   ESTAB  0      0      10.0.0.4:22        10.0.0.9:50000',
      'u_str LISTEN 0      4096   /run/x.sock 1 * 0',
      'tcp   LISTEN 0      128    0.0.0.0:2024       0.0.0.0:*',
      'tcp   LISTEN 0      128    0.0.0.0:2024       0.0.0.0:*',
      'udp   UNCONN 0      0      0.0.0.0:68         0.0.0.0:*',
    ].join('\n');
    expect(parseSs(text)).toEqual([
      { protocol: 'tcp', address: '0.0.0.0', port: 2024 },
      { protocol: 'udp', address: '0.0.0.0', port: 68 },
    ]);
  });
});

describe('ip addresses', () => {
  it('reads `ip -o addr` (old iproute2), veth peers and IPv6', () => {
    const text = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '5: eth0@if6    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0\\       valid_lft forever preferred_lft forever',
      '5: eth0@if6    inet6 fd00::2/64 scope global nodad \\       valid_lft forever preferred_lft forever',
    ].join('\n');
    expect(parseIpText(text)).toEqual([
      { interface: 'eth0', address: '172.18.0.2', prefix: 16, family: 'ipv4' },
      { interface: 'eth0', address: 'fd00::2', prefix: 64, family: 'ipv6' },
      { interface: 'lo', address: '127.0.0.1', prefix: 8, family: 'ipv4' },
    ]);
  });

  it('reads plain `ip addr` (busybox) and gives the same answer as `ip -j addr`', () => {
    const text = '2: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN\n    link/none \n    inet 10.8.0.1/24 scope global wg0\n       valid_lft forever preferred_lft forever\n';
    const json = '[{"ifindex":2,"ifname":"wg0","addr_info":[{"family":"inet","local":"10.8.0.1","prefixlen":24,"scope":"global","label":"wg0"}]}]';
    expect(parseIpText(text)).toEqual([{ interface: 'wg0', address: '10.8.0.1', prefix: 24, family: 'ipv4' }]);
    expect(parseIpJson(json)).toEqual(parseIpText(text));
  });

  it('keeps loopback, link-local and runtime bridges out of the identifying addresses', () => {
    const list = [
      ['lo', '127.0.0.1'], ['lo', '::1'], ['eth0', '192.168.1.10'], ['eth0', 'fe80::1'], ['eth0', '2001:db8::10'],
      ['eth1', '169.254.3.4'], ['docker0', '172.17.0.1'], ['br-3f2a9c1d0e4b', '172.18.0.1'], ['virbr0', '192.168.122.1'],
      ['vboxnet0', '192.168.56.1'], ['tailscale0', '100.64.0.7'], ['wg0', '10.8.0.1'],
    ].map(([i, a]) => ({ interface: i!, address: a!, prefix: 24, family: a!.includes(':') ? 'ipv6' as const : 'ipv4' as const }));
    expect(identifyingAddresses(list)).toEqual(['10.8.0.1', '100.64.0.7', '192.168.1.10', '2001:db8::10']);
  });
});

describe('file systems: findmnt JSON or df', () => {
  it('flattens the findmnt tree, drops pseudo file systems and subtree bind mounts, keeps btrfs subvolumes', () => {
    const json = JSON.stringify({ filesystems: [{ source: '/dev/sda2', target: '/', fstype: 'btrfs', size: 1000, used: 400, children: [
      { source: 'proc', target: '/proc', fstype: 'proc', size: 0, used: 0 },
      { source: '/dev/sda2[/@home]', target: '/home', fstype: 'btrfs', size: 1000, used: 400 },
      { source: '/dev/sdb1', target: '/srv', fstype: 'ext4', size: 5000, used: 10, children: [
        { source: '/dev/sdb1[/data]', target: '/var/lib/app', fstype: 'ext4', size: 5000, used: 10 },
      ] },
      { source: 'cgroup2', target: '/sys/fs/cgroup', fstype: 'cgroup2', size: 0, used: 0 },
      { source: 'overlay', target: '/var/lib/docker/overlay2/x/merged', fstype: 'overlay', size: 1, used: 1 },
    ] }] });
    expect(parseFindmnt(json).map((f) => f.mount)).toEqual(['/', '/home', '/srv']);
  });

  it('reads sizes printed as strings (util-linux < 2.33) and null sizes', () => {
    const json = '{"filesystems": [{"source": "/dev/sda1", "target": "/", "fstype": "ext4", "size": "1024", "used": "512", "avail": "512"},'
      + '{"source": "server:/export", "target": "/mnt/nfs", "fstype": "nfs4", "size": null, "used": null, "avail": null}]}';
    expect(parseFindmnt(json)).toEqual([
      { source: '/dev/sda1', mount: '/', fstype: 'ext4', sizeBytes: 1024, usedBytes: 512 },
      { source: 'server:/export', mount: '/mnt/nfs', fstype: 'nfs4', sizeBytes: null, usedBytes: null },
    ]);
  });

  it('reads df -PTk, mount points with spaces, and agrees with findmnt on the same mount', () => {
    const df = [
      'Filesystem     Type     1024-blocks     Used Available Capacity Mounted on',
      'tmpfs          tmpfs         816028     1704    814324       1% /run',
      '/dev/sda1      ext4        30298176  2746516  26000000      10% /',
      '/dev/sdc1      vfat          523248     6220    517028       2% /media/usb stick',
    ].join('\n');
    expect(parseDf(df)).toEqual([
      { source: '/dev/sda1', mount: '/', fstype: 'ext4', sizeBytes: 30298176 * 1024, usedBytes: 2746516 * 1024 },
      { source: '/dev/sdc1', mount: '/media/usb stick', fstype: 'vfat', sizeBytes: 523248 * 1024, usedBytes: 6220 * 1024 },
    ]);
    const findmnt = JSON.stringify({ filesystems: [{ source: '/dev/sda1', target: '/', fstype: 'ext4', size: 30298176 * 1024, used: 2746516 * 1024 }] });
    expect(parseFindmnt(findmnt)[0]).toEqual(parseDf(df)[0]);
  });
});

describe('DNS resolvers', () => {
  it.each([
    ['192.168.1.1', '192.168.1.1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['1.1.1.1#cloudflare-dns.com', '1.1.1.1'],
    ['[2001:DB8::53]:53', '2001:db8::53'],
    ['192.0.2.1:5353', '192.0.2.1'],
    ['dns.example', null],
  ])('server address %s', (token, want) => expect(serverAddress(token)).toBe(want));

  it('reads nameserver lines in order, ignoring comments, options and search', () => {
    expect(parseResolvConf('# nameserver 9.9.9.9\n; also a comment\nsearch lan\nnameserver 192.168.1.1\noptions edns0\nnameserver fe80::1%eth0\nnameserver 192.168.1.1\n'))
      .toEqual(['192.168.1.1', 'fe80::1']);
  });

  it.each([
    ['resolvectl dns', 'Global: 1.1.1.1#one.one.one.one\nLink 2 (eth0): 192.168.1.1 fe80::1%2\nLink 3 (tailscale0):\n', ['1.1.1.1', '192.168.1.1', 'fe80::1']],
    ['resolvectl dns, nothing global', 'Global:\nLink 2 (eth0): 10.0.2.3\nLink 3 (eth1):\n', ['10.0.2.3']],
    [
      'systemd-resolve --status (one server per line, NTA and fallbacks left out)',
      'Global\n         DNS Servers: 10.141.255.254\n                      2001:db8::53\n          DNSSEC NTA: 10.in-addr.arpa\n                      corp\nFallback DNS Servers: 8.8.8.8\n                      8.8.4.4\n\nLink 2 (eth0)\n      Current Scopes: DNS\n  Current DNS Server: 192.168.1.1\n         DNS Servers: 192.168.1.1\n',
      ['10.141.255.254', '2001:db8::53', '192.168.1.1'],
    ],
  ])('%s', (_name, text, want) => expect(parseResolvectl(text)).toEqual(want));

  it('replaces the systemd-resolved stub by its upstreams, keeping other nameservers in order', () => {
    expect(resolvers({ resolvConf: 'nameserver 172.16.0.2\nnameserver 127.0.0.53\n', resolvectl: 'Global:\nLink 2 (eth0): 10.0.0.1\n' }).map((r) => r.address))
      .toEqual(['172.16.0.2', '10.0.0.1']);
    // No upstream known: the stub stays, so the attribute still says where queries go.
    expect(resolvers({ resolvConf: 'nameserver 127.0.0.53\n' })).toEqual([{ address: '127.0.0.53', via: 'resolv.conf nameserver 127.0.0.53' }]);
  });
});

describe('systemd units', () => {
  it('reads units, drops not-found references and the ●/* markers', () => {
    const text = [
      'cron.service                 loaded    active   running Regular background program processing daemon',
      '● nginx.service              loaded    failed   failed  A high performance web server',
      '* apt-daily.service          loaded    inactive dead    Daily apt download activities',
      'ghost.service                not-found inactive dead    ghost.service',
      'getty@tty1.service           loaded    active   running Getty on tty1',
      '',
    ].join('\n');
    expect(parseSystemctl(text)).toEqual([
      { name: 'apt-daily.service', state: 'dead' },
      { name: 'cron.service', state: 'running' },
      { name: 'getty@tty1.service', state: 'running' },
      { name: 'nginx.service', state: 'failed' },
    ]);
  });
});

describe('script output sections', () => {
  it('splits sections, ignores a banner before the first one, and keeps why a command failed', () => {
    const raw = splitSections('Welcome to nas!\n@@scarbook section hostname.txt\nnas\n@@scarbook section findmnt.json\n@@scarbook exit 127: sh: 1: findmnt: not found\n@@scarbook section df.txt\nFilesystem Type\n');
    expect(raw).toEqual({ 'hostname.txt': 'nas\n', 'findmnt.json': '@@scarbook exit 127: sh: 1: findmnt: not found\n', 'df.txt': 'Filesystem Type\n' });
    expect(section(raw, 'findmnt.json')).toEqual({ text: '', error: 'exit 127: sh: 1: findmnt: not found' });
    expect(section(raw, 'hostname.txt')).toEqual({ text: 'nas\n' });
    expect(section(raw, 'ss.txt')).toEqual({ text: '', error: 'not collected' });
  });
});

describe('host naming', () => {
  const parse = (raw: Record<string, string>) => linuxHostCollector.parse(raw, { name: 'nas-src', type: 'linux-host' });

  it('uses the short name for the id, keeps the FQDN as an alias, but never localhost.localdomain', () => {
    const nas = parse({ 'hostname.txt': 'NAS.lab.example\n', 'hostname-f.txt': '@@scarbook exit 1: hostname: Name or service not known\n' }).entities[0]!;
    expect(nas).toMatchObject({ id: 'host:nas', name: 'nas', aliases: ['nas.lab.example'], attributes: { hostname: 'NAS.lab.example', fqdn: 'NAS.lab.example' } });
    const odd = parse({ 'hostname.txt': 'box\n', 'hostname-f.txt': 'localhost.localdomain\n' }).entities[0]!;
    expect(odd).toMatchObject({ id: 'host:box', aliases: [], attributes: { fqdn: 'localhost.localdomain', services: null, dnsResolvers: [] } });
  });

  it('names the source and the file when a JSON section is damaged', () => {
    expect(() => parse({ 'hostname.txt': 'nas\n', 'findmnt.json': '{"filesystems": [\n' })).toThrow(/linux-host source nas-src: findmnt\.json is not the JSON/);
  });
});
