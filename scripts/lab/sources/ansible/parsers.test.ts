import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAdhocText } from './adhoc.ts';
import { compactFacts, readDocument, type Facts } from './facts.ts';
import { chooseNames, hostEntity, hypervisorEdge } from './host.ts';
import { interfacesAndAddresses, maskBits } from './network.ts';
import type { HostRecord } from './raw.ts';
import { encodeRaw } from './raw.ts';
import { mapPool } from './read-dir.ts';
import { cpuOf, disksOf, filesystemsOf, gatheredAt, osOf, virtualizationOf } from './system.ts';

// Whole real outputs are tested in ../ansible.test.ts. Here: single facts in the shapes Ansible
// writes (seen in __recorded__/ansible, ansible-cmdb's examples and Ansible's fact modules).

const recorded = path.join(import.meta.dirname, '../__recorded__/ansible');
const realFacts = (): Facts => JSON.parse(readFileSync(path.join(recorded, 'tree/localhost'), 'utf8')).ansible_facts;

describe('reading a document', () => {
  it('keeps only allow-listed facts: no environment, custom facts, SSH host keys, users or command line', () => {
    const full = { ...realFacts(), ansible_env: { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG' }, ansible_local: { app: { db_password: 'hunter2' } } };
    const compact = compactFacts(full);
    const text = JSON.stringify(compact);
    for (const k of ['ansible_env', 'ansible_ssh_host_key', 'ansible_cmdline', 'ansible_user_', 'ansible_local', 'ansible_machine_id', 'ansible_python', 'features']) expect(text).not.toContain(k);
    expect(text).not.toMatch(/hunter2|wJalrXUtnFEMI/);
    expect(text.length).toBeLessThan(JSON.stringify(full).length / 5);
    expect(compact['ansible_processor']).toEqual(['AuthenticAMD', 'AMD EPYC']);
    expect(Object.keys(compact['ansible_devices'] as object)).toEqual(['vda']); // no loop/zram
  });

  it('keeps the one custom fact that names a hypervisor', () => {
    expect(compactFacts({ ansible_hostname: 'vm1', ansible_local: { scarbook: { hypervisor: ' pve1 ', token: 'x' }, other: { a: 1 } } })['ansible_local']).toEqual({ scarbook: { hypervisor: 'pve1' } });
  });

  it.each([
    ['a --tree file', { ansible_facts: { ansible_hostname: 'web01' }, changed: false }, 'facts'],
    ['a fact-cache file', { ansible_hostname: 'web01', ansible_kernel: '6.1.0' }, 'facts'],
    ['facts without the prefix (`ansible_facts | to_json`)', { hostname: 'web01', kernel: '6.1.0' }, 'facts'],
    ['unreachable', { changed: false, msg: 'Failed to connect to the host via ssh: ', unreachable: true }, 'unreachable'],
    ['failed', { failed: true, msg: 'Bad subset', changed: false }, 'failed'],
    ['`-m ping --tree`', { ansible_facts: { discovered_interpreter_python: '/usr/bin/python3' }, changed: false, ping: 'pong' }, 'other'],
    ['an inventory dump', { all: { hosts: ['web01'] } }, 'other'],
    ['a list', [1, 2], 'other'],
  ])('%s', (_what, doc, result) => expect(readDocument(doc).result).toBe(result));

  it('gives failed results a one-line message', () => {
    expect(readDocument({ failed: true, msg: 'The module failed.\nSee stdout/stderr', module_stderr: 'x' })).toEqual({ result: 'failed', message: 'The module failed. See stdout/stderr' });
    expect(readDocument({ failed: true, module_stderr: '/bin/sh: python3: not found\n' })).toEqual({ result: 'failed', message: '/bin/sh: python3: not found' });
    expect(readDocument({ unreachable: true, msg: 'proxy https://deploy:s3cr3t-pw@proxy.example:3128 refused, token ghp_abcdefghijklmnopqrstuvwxyz0123456789' })).toEqual({ result: 'unreachable', message: '[redacted]' });
    expect(parseAdhocText('web01 | UNREACHABLE!: via http://ops:hunter22@bastion.example/ failed', 'o.txt').records[0]!.message).toBe('via http://bastion.example/ failed');
  });
});

describe('ad-hoc output', () => {
  const names = (text: string) => parseAdhocText(text, 'out.txt').records.map((r) => `${r.host} ${r.result}`);

  it('the oneline callback (`-o`): JSON on the header line, `UNREACHABLE!: msg`', () => {
    const { records, skipped } = parseAdhocText(readFileSync(path.join(recorded, 'adhoc/oneline.txt'), 'utf8'), 'oneline.txt');
    expect(skipped).toEqual([]);
    expect(records.map((r) => `${r.host} ${r.result} ${r.from}`)).toEqual(['nohost.invalid unreachable oneline.txt:1', 'localhost facts oneline.txt:2']);
    expect(records[0]!.message).toBe('Failed to connect to the host via ssh: ssh: Could not resolve hostname nohost.invalid: Name or service not known');
    expect(records[1]!.facts).toMatchObject({ ansible_hostname: 'vm', ansible_kernel: '6.18.44-fc-v595' });
  });

  it('colour codes (ANSIBLE_FORCE_COLOR)', () => {
    const text = readFileSync(path.join(recorded, 'adhoc/unreachable-color.txt'), 'utf8');
    expect(text).toContain('\u001b[1;31m');
    expect(parseAdhocText(text, 'c.txt').records).toEqual([
      { host: 'nohost.invalid', from: 'c.txt:1', mtime: null, result: 'unreachable', message: 'Failed to connect to the host via ssh: ssh: Could not resolve hostname nohost.invalid: Name or service not known' },
    ]);
  });

  it('Ansible 1.x captions, CRLF line ends, and chatter between blocks', () => {
    const text = [
      ' [WARNING]: provided hosts list is empty',
      '<web01> ESTABLISH SSH CONNECTION FOR USER: None',
      'web01 | success >> {', '    "ansible_facts": {"ansible_hostname": "web01"},', '    "changed": false', '}',
      'web02 | FAILED => SSH Error: ssh: connect to host web02 port 22: No route to host',
      'web03 | SKIPPED',
      'web04 | CHANGED | rc=0 >>',
    ].join('\r\n');
    expect(names(text)).toEqual(['web01 facts', 'web02 failed']);
  });

  it('a block cut off by the next header, or by the end of the file, makes that host invalid', () => {
    const { records } = parseAdhocText('web01 | SUCCESS => {\n    "ansible_facts": {\nweb02 | SUCCESS => {\n    "ansible_facts": {"ansible_hostname": "web02"}\n}\nweb03 | SUCCESS => {\n', 'out.txt');
    expect(records.map((r) => `${r.host} ${r.result} ${r.message ?? ''}`)).toEqual([
      'web01 invalid out.txt:1: the output of host web01 is cut off (no closing brace)',
      'web02 facts ',
      'web03 invalid out.txt:6: the output of host web03 is cut off (no closing brace)',
    ]);
  });

  it('skips results that are not facts (`-m ping`), with a note', () => {
    const { records, skipped } = parseAdhocText('web01 | SUCCESS => {\n    "changed": false,\n    "ping": "pong"\n}\n', 'ping.txt');
    expect(records).toEqual([]);
    expect(skipped).toEqual([{ from: 'ping.txt:1', reason: 'web01: JSON without ansible_facts or ansible_* keys' }]);
  });
});

describe('interfaces and addresses', () => {
  it.each([['255.255.255.0', 24], ['255.255.240.0', 20], ['255.0.0.0', 8], ['255.255.255.255', 32], ['0.0.0.0', 0], ['255.0.255.0', null], ['nope', null]])('mask %s → /%s', (mask, bits) => {
    expect(maskBits(mask)).toBe(bits);
  });

  it('Linux objects and BSD lists, secondaries, prefix from netmask; veths left out; summary-only addresses kept', () => {
    const { interfaces, addresses } = interfacesAndAddresses({
      ansible_eth0: { device: 'eth0', type: 'ether', ipv4: { address: '10.0.0.5', netmask: '255.255.255.0' }, ipv4_secondaries: [{ address: '10.0.0.6', prefix: '24' }], ipv6: [{ address: 'fe80::1', prefix: '64' }] },
      ansible_em0: { device: 'em0', ipv4: [{ address: '192.0.2.9', netmask: '255.255.255.128' }] },
      ansible_br_0123456789ab: { device: 'br-0123456789ab', ipv4: { address: '172.18.0.1', prefix: '16' } },
      ansible_vethab12cd3: { device: 'vethab12cd3', ipv6: [{ address: 'fe80::a', prefix: '64' }] },
      ansible_default_ipv4: { address: '10.0.0.5', interface: 'eth0' },
      ansible_all_ipv4_addresses: ['10.0.0.5', '10.0.0.6', '192.0.2.9', '172.18.0.1', '203.0.113.7'],
      ansible_all_ipv6_addresses: ['fe80::1', 'fe80::a'],
    });
    expect(interfaces.map((i) => i.name)).toEqual(['br-0123456789ab', 'em0', 'eth0']);
    expect(addresses.map((a) => `${a.interface} ${a.address}/${a.prefix}`)).toEqual([
      '? 203.0.113.7/32', 'br-0123456789ab 172.18.0.1/16', 'em0 192.0.2.9/25', 'eth0 10.0.0.5/24', 'eth0 10.0.0.6/24', 'eth0 fe80::1/64',
    ]);
  });
});

describe('system facts', () => {
  it('OS ids as os-release names them, NA as null', () => {
    expect(osOf({ ansible_distribution: 'RedHat', ansible_distribution_version: '7.3' })).toEqual({ id: 'rhel', name: 'RedHat', version: '7.3' });
    expect(osOf({ ansible_distribution: 'Amazon', ansible_distribution_version: '2023' })).toEqual({ id: 'amzn', name: 'Amazon', version: '2023' });
    expect(osOf({ ansible_distribution: 'Debian', ansible_distribution_version: 'NA', ansible_distribution_major_version: '12' })).toEqual({ id: 'debian', name: 'Debian', version: '12' });
    expect(osOf({})).toEqual({ id: null, name: null, version: null });
  });

  it('CPU model after the vendor id, logical CPUs', () => {
    expect(cpuOf({ ansible_processor: ['0', 'GenuineIntel', 'Intel(R) Xeon(R) Gold 6130', '1', 'GenuineIntel', 'Intel(R) Xeon(R) Gold 6130'], ansible_processor_vcpus: 2 })).toEqual({ model: 'Intel(R) Xeon(R) Gold 6130', cores: 2 });
    expect(cpuOf({ ansible_processor: ['0', 'ARMv7 Processor rev 4 (v7l)'], ansible_processor_count: 1, ansible_processor_cores: 4, ansible_processor_threads_per_core: 1 })).toEqual({ model: 'ARMv7 Processor rev 4 (v7l)', cores: 4 });
  });

  it('disk sizes from 512-byte sectors, else the human size; empty drives left out', () => {
    expect(disksOf({ ansible_devices: {
      nvme0n1: { model: 'Amazon Elastic Block Store', sectors: '16777216', size: '8.00 GB' },
      sr0: { model: 'QEMU DVD-ROM', sectors: '0', size: '0.00 Bytes' },
      sda: { model: 'VBOX HARDDISK', size: '32.00 GB' },
      loop0: { sectors: '1000' },
    } })).toEqual([
      { name: 'nvme0n1', sizeBytes: 8 * 1024 ** 3, model: 'Amazon Elastic Block Store' },
      { name: 'sda', sizeBytes: 32 * 1024 ** 3, model: 'VBOX HARDDISK' },
    ]);
  });

  it('mounts without pseudo file systems or Docker\'s bind-mounted files; the last mount of a point wins', () => {
    expect(filesystemsOf({ ansible_mounts: [
      { device: '/dev/sda1', mount: '/', fstype: 'ext4', size_total: 100, size_available: 40 },
      { device: '/dev/sda1', mount: '/etc/resolv.conf', fstype: 'ext4', size_total: 100, size_available: 40 },
      { device: 'overlay', mount: '/', fstype: 'overlay', size_total: 1, size_available: 1 },
      { device: '/dev/sdb1', mount: '/srv', fstype: 'xfs', size_total: 10 },
      { device: '/dev/sdb2', mount: '/srv', fstype: 'xfs', size_total: 20, size_available: 5 },
    ] })).toEqual([
      { source: '/dev/sda1', mount: '/', fstype: 'ext4', sizeBytes: 100, usedBytes: 60 },
      { source: '/dev/sdb2', mount: '/srv', fstype: 'xfs', sizeBytes: 20, usedBytes: 15 },
    ]);
  });

  it('virtualization only when Ansible could tell; gathering time from epoch, iso8601, then mtime', () => {
    expect(virtualizationOf({ ansible_virtualization_role: 'guest', ansible_virtualization_type: 'lxc' })).toEqual({ role: 'guest', type: 'lxc' });
    expect(virtualizationOf({ ansible_virtualization_role: 'NA', ansible_virtualization_type: 'NA' })).toBeNull();
    expect(gatheredAt({ ansible_date_time: { epoch: '1434208649', iso8601: '2000-01-01T00:00:00Z' } }, null)).toBe('2015-06-13T15:17:29.000Z');
    expect(gatheredAt({ ansible_date_time: { iso8601: '2016-02-01T20:17:46Z' } }, null)).toBe('2016-02-01T20:17:46.000Z');
    expect(gatheredAt({}, '2020-01-01T00:00:00.000Z')).toBe('2020-01-01T00:00:00.000Z');
  });
});

describe('naming hosts', () => {
  const rec = (host: string, hostname?: string, extra: Facts = {}): HostRecord => ({ host, from: host, mtime: null, result: 'facts', facts: { ansible_hostname: hostname, ...extra } });
  const opts = { source: 'fleet', collectedAt: Date.parse('2026-01-01T00:00:00Z'), maxAgeHours: 24 };

  it('inventory names, except localhost or an address when the facts name the machine (and that name is unique)', () => {
    const records = [rec('web01.example.net', 'web01'), rec('localhost', 'vm'), rec('10.0.0.7', 'db3'), rec('10.0.0.8', 'debian'), rec('10.0.0.9', 'debian'), rec('127.0.0.1', 'localhost')];
    const { names, sharedHostnames } = chooseNames(records);
    expect(Object.fromEntries(names)).toEqual({ 'web01.example.net': 'web01.example.net', localhost: 'vm', '10.0.0.7': 'db3', '10.0.0.8': '10.0.0.8', '10.0.0.9': '10.0.0.9', '127.0.0.1': '127.0.0.1' });
    expect([...sharedHostnames]).toEqual(['debian']);
    // Two fresh VMs called `debian` are no merge key.
    expect(hostEntity(records[3]!, '10.0.0.8', sharedHostnames, opts).aliases).toEqual([]);
    expect(hostEntity(records[2]!, 'db3', sharedHostnames, opts).aliases).toEqual(['10.0.0.7']);
  });

  it('a runs-on edge (and a bare hypervisor entity) only from the custom fact ansible_local.scarbook.hypervisor', () => {
    const guest = rec('ct101', 'ct101', { ansible_local: { scarbook: { hypervisor: 'pve1.lab.example' } } });
    expect(hypervisorEdge(guest, 'host:ct101', 'fleet')).toEqual({
      edge: { from: 'host:ct101', to: 'host:pve1', type: 'runs-on', evidence: [{ kind: 'observed', source: 'fleet', via: 'ansible_local.scarbook.hypervisor' }] },
      hypervisor: { id: 'host:pve1', kind: 'host', name: 'pve1', sources: ['fleet'], aliases: ['pve1.lab.example'], attributes: {} },
    });
    expect(hypervisorEdge(rec('vm1', 'vm1', { ansible_virtualization_role: 'guest', ansible_virtualization_type: 'kvm' }), 'host:vm1', 'fleet')).toBeNull();
  });
});

describe('raw output', () => {
  it('one record per inventory name: facts beat failures, newer facts beat older', () => {
    const f = (epoch: string): HostRecord => ({ host: 'web01', from: epoch, mtime: null, result: 'facts', facts: { ansible_hostname: 'web01', ansible_date_time: { epoch } } });
    const raw = encodeRaw([f('200'), { host: 'web01', from: 'x', mtime: null, result: 'invalid', message: 'x' }, f('100'), { host: 'a', from: 'a', mtime: null, result: 'unreachable', message: 'm' }], { collectedAt: '2026-01-01T00:00:00.000Z', input: { factsDir: 'd' }, skipped: [] });
    expect(raw['hosts.ndjson']!.trim().split('\n').map((l) => JSON.parse(l).from)).toEqual(['a', '200']);
  });

  it('bounded pool: never more than `limit` at once, results in order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapPool([...Array(50).keys()], 4, async (i) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 1 + (i % 3)));
      running--;
      return i * 2;
    });
    expect(peak).toBe(4);
    expect(out).toEqual([...Array(50).keys()].map((i) => i * 2));
  });
});
