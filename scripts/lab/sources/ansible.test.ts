import { cpSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EdgeSchema, EntitySchema, type EntityInput } from '../../../src/schemas/lab.ts';
import { runCommand } from '../../../src/lib/run-command.ts';
import { toolOrSkip } from '../../../tests/helpers/require-tool.ts';
import type { Observation, RawOutput } from '../collector.ts';
import { normalizeHostName } from '../identity.ts';
import { normalizeObservation } from '../normalize.ts';
import { readRaw, writeRaw } from '../store.ts';
import { tempDir, testFetchContext } from '../testing/server-process.ts';
import { ansibleCollector, AnsibleConfigSchema, type AnsibleConfig } from './ansible.ts';
import { COLLECTION_FILE, HOSTS_FILE } from './ansible/raw.ts';

const recorded = path.join(import.meta.dirname, '__recorded__/ansible');
/** A pull twenty minutes after the recorded facts were gathered (2026-11-22, 05:40 UTC). */
const PULLED = '2026-11-22T06:00:00Z';
const config = (over: Record<string, unknown>): AnsibleConfig => AnsibleConfigSchema.parse({ name: 'ansible-fleet', type: 'ansible', ...over });
const ctx = testFetchContext('ansible-fleet');

/**
 * Fetches and parses as a pull does. `at` replaces the collection time, so recorded facts are aged
 * against a pull soon after they were gathered, not against today's clock (they turned stale a day
 * after recording, and the tests with them).
 */
async function collect(over: Record<string, unknown>, at?: string): Promise<{ raw: RawOutput; obs: Observation }> {
  const cfg = config(over);
  const fetched = await ansibleCollector.fetch(cfg, ctx);
  const raw = at ? collectedAt(fetched, at) : fetched;
  const obs = ansibleCollector.parse(raw, cfg);
  for (const e of obs.entities) EntitySchema.parse(e);
  for (const e of obs.edges) EdgeSchema.parse(e);
  normalizeObservation(obs, cfg.name); // what the pull does next: must not throw
  return { raw, obs };
}
const host = (obs: Observation, id: string): EntityInput => {
  const found = obs.entities.find((e) => e.id === id);
  if (!found) throw new Error(`no ${id} in ${obs.entities.map((e) => e.id).join(', ')}`);
  return found;
};
const attrs = (obs: Observation, id: string) => host(obs, id).attributes as Record<string, any>;
/** Raw output with another collection time: ages are measured against it. */
const collectedAt = (raw: RawOutput, iso: string): RawOutput => ({ ...raw, [COLLECTION_FILE]: JSON.stringify({ ...JSON.parse(raw[COLLECTION_FILE]!), collectedAt: iso }) });

let warn: ReturnType<typeof vi.spyOn>;
beforeAll(() => { warn = vi.spyOn(console, 'warn').mockImplementation(() => {}); });
afterEach(() => warn.mockClear());
afterAll(() => warn.mockRestore());

describe('recorded: Debian ansible-core 2.14 on this machine (see __recorded__/ansible/PROVENANCE.md)', () => {
  const vm = {
    id: 'host:vm', kind: 'host', name: 'vm', status: 'up', sources: ['ansible-fleet'], aliases: ['192.0.2.2', 'fd00::2'],
  };
  const vmAttributes = {
    // Inventory name `localhost` says nothing: the host is named by its own hostname.
    inventoryName: 'localhost', hostname: 'vm', fqdn: null,
    os: { id: 'debian', name: 'Debian', version: '12.11' }, kernel: '6.18.44-fc-v595', arch: 'x86_64',
    cpu: { model: 'AMD EPYC', cores: 2 }, memoryBytes: 24105 * 1024 * 1024,
    // Ten loop and zram devices of 0 bytes are no disks.
    disks: [{ name: 'vda', sizeBytes: 536870912 * 512, model: null }],
    filesystems: [{ source: '/dev/vda', mount: '/', fstype: 'ext4', sizeBytes: 270553174016, usedBytes: expect.any(Number) }],
    interfaces: [
      { name: 'eth0', type: 'ether', mac: '02:fc:00:00:00:01', mtu: 1400, active: true },
      { name: 'ifb0', type: 'ether', mac: '92:7a:b2:db:de:76', mtu: 1500, active: false },
      { name: 'ifb1', type: 'ether', mac: 'a6:2f:d6:43:2c:2b', mtu: 1500, active: false },
      { name: 'lo', type: 'loopback', mac: null, mtu: 65536, active: true },
    ],
    addresses: [
      { interface: 'eth0', address: '192.0.2.2', prefix: 24, family: 'ipv4' },
      { interface: 'eth0', address: 'fd00::2', prefix: 64, family: 'ipv6' },
      { interface: 'eth0', address: 'fe80::fc:ff:fe00:1', prefix: 64, family: 'ipv6' },
      { interface: 'lo', address: '127.0.0.1', prefix: 8, family: 'ipv4' },
      { interface: 'lo', address: '::1', prefix: 128, family: 'ipv6' },
    ],
    virtualization: { role: 'guest', type: 'docker' },
  };

  it('--tree directory: the host with OS, kernel, CPU, memory, disks, mounts, interfaces; the unreachable one kept as down', async () => {
    const { raw, obs } = await collect({ factsDir: path.join(recorded, 'tree') }, PULLED);
    expect(Object.keys(raw).sort()).toEqual([COLLECTION_FILE, HOSTS_FILE]);
    expect(obs.entities.map((e) => e.id).sort()).toEqual(['host:nohost', 'host:vm']);
    expect(host(obs, 'host:vm')).toMatchObject(vm);
    expect(attrs(obs, 'host:vm')).toEqual({ ...vmAttributes, factsAge: { gatheredAt: '2026-11-22T05:40:29.000Z', stale: false } });
    expect(host(obs, 'host:nohost')).toEqual({
      id: 'host:nohost', kind: 'host', name: 'nohost', status: 'down', sources: ['ansible-fleet'], aliases: ['nohost.invalid'],
      attributes: {
        inventoryName: 'nohost.invalid',
        unreachable: { message: 'Failed to connect to the host via ssh: ssh: Could not resolve hostname nohost.invalid: Name or service not known' },
      },
    });
    expect(obs.edges).toEqual([]);
  });

  it('the ad-hoc text of the same run gives the same hosts', async () => {
    const tree = await collect({ factsDir: path.join(recorded, 'tree') });
    const text = await collect({ adhocOutput: path.join(recorded, 'adhoc/localhost.txt') });
    const down = await collect({ adhocOutput: path.join(recorded, 'adhoc/unreachable.txt') });
    // Fetched a moment apart: compare at one collection time.
    const at = (raw: RawOutput) => ansibleCollector.parse(collectedAt(raw, PULLED), config({ factsDir: '.' }));
    expect(at(text.raw).entities).toEqual([host(at(tree.raw), 'host:vm')]);
    expect(at(down.raw).entities).toEqual([host(at(tree.raw), 'host:nohost')]);
  });

  it('the jsonfile fact cache (bare facts, no ansible_facts wrapper)', async () => {
    const { obs } = await collect({ factsDir: path.join(recorded, 'cache') }, PULLED);
    expect(obs.entities).toHaveLength(1);
    expect(host(obs, 'host:vm')).toMatchObject(vm);
    expect(attrs(obs, 'host:vm')).toEqual({ ...vmAttributes, factsAge: { gatheredAt: '2026-11-22T05:40:32.000Z', stale: false } });
  });

  it('verbose ad-hoc output with `Using … as config file`, a [WARNING] line, FAILED! and UNREACHABLE!', async () => {
    const file = path.join(recorded, 'adhoc/mixed-verbose.txt');
    expect(readFileSync(file, 'utf8')).toMatch(/^Using \S+ansible\.cfg as config file\n\[WARNING\]: Could not match supplied host pattern/);
    const { raw, obs } = await collect({ adhocOutput: file }, PULLED);
    expect(obs.entities.map((e) => `${e.id} ${e.status}`).sort()).toEqual(['host:broken unknown', 'host:nohost down', 'host:vm up']);
    expect(attrs(obs, 'host:vm')).toMatchObject({ ...vmAttributes, factsAge: { gatheredAt: '2026-11-22T05:40:33.000Z', stale: false } });
    expect(attrs(obs, 'host:broken')).toEqual({
      inventoryName: 'broken',
      failed: { message: 'The module failed to execute correctly, you probably need to set the interpreter. See stdout/stderr for the exact error' },
    });
    expect(JSON.parse(raw[COLLECTION_FILE]!)).toMatchObject({ hosts: 3, skipped: [], skippedCount: 0 });
    expect(warn).not.toHaveBeenCalled();
  });

  it('replays from recorded raw output to the same observation', async () => {
    const { raw, obs } = await collect({ factsDir: path.join(recorded, 'tree') });
    const tmp = tempDir('ansible-replay');
    try {
      await writeRaw(tmp.dir, 'ansible-fleet', raw);
      expect(ansibleCollector.parse(readRaw(tmp.dir, 'ansible-fleet'), config({ factsDir: '.' }))).toEqual(obs);
    } finally {
      tmp.remove();
    }
  });
});

describe('recorded: ansible-cmdb example output (Linux Mint 17, Ansible 1.x/2.0 era)', () => {
  it('reads the Linux Mint host, keeps the unreachable one, skips the junk file with a note', async () => {
    const { raw, obs } = await collect({ factsDir: path.join(recorded, 'cmdb') });
    expect(host(obs, 'host:jib')).toMatchObject({
      status: 'up',
      // The inventory FQDN and the wlan0 address; vboxnet0's 192.168.56.1 is on every VirtualBox host.
      aliases: ['192.168.0.3', 'jib.electricmonk.nl'],
    });
    expect(attrs(obs, 'host:jib')).toMatchObject({
      inventoryName: 'jib.electricmonk.nl', hostname: 'jib', fqdn: null,
      os: { id: 'linuxmint', name: 'Linuxmint', version: '17' }, kernel: '3.16.1-031601-generic', arch: 'x86_64',
      cpu: { model: 'Intel(R) Core(TM) i7-4712HQ CPU @ 2.30GHz', cores: 8 }, memoryBytes: 15951 * 1024 * 1024,
      disks: [{ name: 'sda', sizeBytes: expect.any(Number), model: 'TOSHIBA MQ02ABF1' }, { name: 'sdb', sizeBytes: expect.any(Number), model: 'LITEONIT LMS-32L' }],
      filesystems: [
        { source: '/dev/sda1', mount: '/boot/efi', fstype: 'vfat', sizeBytes: 520093696, usedBytes: 30412800 },
        { source: '/home/fboender/.Private', mount: '/home/fboender', fstype: 'ecryptfs', sizeBytes: 612248961024, usedBytes: 192054734848 },
        { source: '/opt/xensource/packages/iso/XenCenter.iso', mount: '/var/xen/xc-install', fstype: 'iso9660', sizeBytes: 0, usedBytes: 0 },
      ],
      virtualization: { role: 'host', type: 'kvm' },
      // Gathered in June 2015.
      factsAge: { gatheredAt: '2015-06-13T15:17:29.000Z', stale: true },
    });
    expect(attrs(obs, 'host:jib').addresses.map((a: { interface: string; address: string }) => `${a.interface} ${a.address}`)).toEqual(['lo 127.0.0.1', 'vboxnet0 192.168.56.1', 'wlan0 192.168.0.3']);
    expect(attrs(obs, 'host:jib').interfaces.map((i: { name: string }) => i.name)).toEqual(['lo', 'vboxnet0', 'vboxnet1', 'vboxnet2', 'wlan0']);
    expect(host(obs, 'host:dead')).toMatchObject({ status: 'down', aliases: ['dead.dev.local'], attributes: { unreachable: { message: 'Failed to connect to the host via ssh:' } } });
    expect(JSON.parse(raw[COLLECTION_FILE]!).skipped).toEqual([{ from: '.invalid_file', reason: 'hidden file' }]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^ansible source ansible-fleet: skipped 1 entry of factsDir \S+cmdb that are not host facts: \.invalid_file \(hidden file\)$/));
  });

  it('stores no environment value, custom fact or SSH host key, in the raw output or the entities', async () => {
    const { raw, obs } = await collect({ factsDir: path.join(recorded, 'cmdb') });
    const facts = JSON.parse(readFileSync(path.join(recorded, 'cmdb/jib.electricmonk.nl'), 'utf8')).ansible_facts;
    const stored = JSON.stringify(raw) + JSON.stringify(obs);
    const secrets = [
      facts.ansible_env.XDG_SESSION_COOKIE, facts.ansible_env.SSH_CONNECTION, facts.ansible_env.LS_COLORS, facts.ansible_env.TNS_ADMIN,
      facts.ansible_ssh_host_key_rsa_public, facts.ansible_ssh_host_key_dsa_public, facts.ansible_ssh_host_key_ecdsa_public,
    ];
    for (const s of secrets) expect(s.length).toBeGreaterThan(10);
    for (const s of secrets) expect(stored).not.toContain(s);
    expect(stored).not.toMatch(/ansible_env|ssh_host_key|XDG_SESSION_COOKIE|fboender,,,/);
  });
});

describe('age of the facts', () => {
  const tree = path.join(recorded, 'tree');
  const vmAge = (raw: RawOutput, cfg: AnsibleConfig) => attrs(ansibleCollector.parse(raw, cfg), 'host:vm').factsAge;

  it('stale once older than maxAgeHours (default 24) when the pull reads them', async () => {
    const { raw } = await collect({ factsDir: tree });
    const gathered = '2026-11-22T05:40:29.000Z';
    expect(vmAge(collectedAt(raw, '2026-11-23T05:40:28Z'), config({ factsDir: tree }))).toEqual({ gatheredAt: gathered, stale: false });
    expect(vmAge(collectedAt(raw, '2026-11-23T05:40:30Z'), config({ factsDir: tree }))).toEqual({ gatheredAt: gathered, stale: true });
    expect(vmAge(collectedAt(raw, '2026-11-22T07:40:30Z'), config({ factsDir: tree, maxAgeHours: 2 }))).toEqual({ gatheredAt: gathered, stale: true });
    expect(vmAge(collectedAt(raw, '2026-11-22T07:40:30Z'), config({ factsDir: tree, maxAgeHours: 2.5 }))).toEqual({ gatheredAt: gathered, stale: false });
  });

  it('uses the file modification time when the facts carry no ansible_date_time', async () => {
    const tmp = tempDir('ansible-mtime');
    try {
      const doc = JSON.parse(readFileSync(path.join(tree, 'localhost'), 'utf8'));
      delete doc.ansible_facts.ansible_date_time;
      writeFileSync(path.join(tmp.dir, 'localhost'), JSON.stringify(doc));
      const threeDaysAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 72 * 3_600_000);
      utimesSync(path.join(tmp.dir, 'localhost'), threeDaysAgo, threeDaysAgo);
      const { obs } = await collect({ factsDir: tmp.dir });
      expect(attrs(obs, 'host:vm').factsAge).toEqual({ gatheredAt: threeDaysAgo.toISOString(), stale: true });
    } finally {
      tmp.remove();
    }
  });
});

describe('bad input', () => {
  let tmp: { dir: string; remove: () => void };
  beforeAll(() => {
    tmp = tempDir('ansible-bad');
    cpSync(path.join(recorded, 'tree/localhost'), path.join(tmp.dir, 'localhost'));
    cpSync(path.join(recorded, 'cmdb/jib.electricmonk.nl'), path.join(tmp.dir, 'jib.electricmonk.nl'));
    const whole = readFileSync(path.join(recorded, 'cache/localhost'), 'utf8');
    writeFileSync(path.join(tmp.dir, 'web01'), whole.slice(0, whole.length / 2)); // disk full mid-write
    writeFileSync(path.join(tmp.dir, 'web02'), '');
    writeFileSync(path.join(tmp.dir, 'README.md'), '# Fact cache of the fleet\n');
    writeFileSync(path.join(tmp.dir, '.web03.swp'), 'b0VIM 8.2\u0000\u0000');
    writeFileSync(path.join(tmp.dir, 'notes'), 'web04 is being rebuilt\n');
    writeFileSync(path.join(tmp.dir, 'ping-only'), '{"ansible_facts": {"discovered_interpreter_python": "/usr/bin/python3"}, "changed": false, "ping": "pong"}');
    mkdirSync(path.join(tmp.dir, 'old'));
  });
  afterAll(() => tmp.remove());

  it('a truncated or empty fact file: that host is reported unknown with the error, the others are read', async () => {
    const { obs } = await collect({ factsDir: tmp.dir });
    expect(obs.entities.map((e) => `${e.id} ${e.status}`).sort()).toEqual(['host:jib up', 'host:vm up', 'host:web01 unknown', 'host:web02 unknown']);
    expect(attrs(obs, 'host:web01')).toEqual({ inventoryName: 'web01', error: expect.stringMatching(/^web01: not valid JSON \(.+\)$/) });
    expect(attrs(obs, 'host:web02')).toEqual({ inventoryName: 'web02', error: 'web02: empty file (an interrupted ansible run?)' });
  });

  it('skips what is not a fact file, with a note in the raw output and one warning line', async () => {
    const { raw } = await collect({ factsDir: tmp.dir });
    expect(JSON.parse(raw[COLLECTION_FILE]!).skipped).toEqual([
      { from: '.web03.swp', reason: 'hidden file' },
      { from: 'README.md', reason: 'documentation or configuration, not facts' },
      { from: 'notes', reason: 'not JSON' },
      { from: 'old', reason: 'a directory (not read recursively)' },
      { from: 'ping-only', reason: 'Ansible output without host facts (not from the setup module?)' },
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/skipped 5 entries of factsDir .* \.web03\.swp \(hidden file\), README\.md \(documentation or configuration, not facts\), notes \(not JSON\) and 2 more$/);
  });

  it('fails the source, naming the directory, when it does not exist, is a file, or holds no facts', async () => {
    await expect(collect({ factsDir: path.join(tmp.dir, 'missing') })).rejects.toThrow(/^ansible source ansible-fleet: factsDir \S+missing does not exist\. Set factsDir to the directory of `ansible all -m setup --tree DIR`/);
    await expect(collect({ factsDir: path.join(tmp.dir, 'README.md') })).rejects.toThrow(/factsDir \S+README\.md is not a directory/);
    await expect(collect({ factsDir: path.join(tmp.dir, 'old') })).rejects.toThrow(/factsDir \S+old holds no host facts: it is empty\.$/);
    const junk = tempDir('ansible-junk');
    try {
      writeFileSync(path.join(junk.dir, 'README'), 'nothing here\n');
      await expect(collect({ factsDir: junk.dir })).rejects.toThrow(/holds no host facts: nothing in it is Ansible host facts \(skipped: README \(documentation or configuration, not facts\)\)\.$/);
      writeFileSync(path.join(junk.dir, 'web01'), '{"ansible_facts": {"ansible_hostname": "web01", ');
      // Every file broken: the pull keeps the last good snapshot instead of a fleet of errors.
      await expect(collect({ factsDir: junk.dir })).rejects.toThrow(/holds no host facts: no file could be read; the first: web01: not valid JSON \(.+\)\.$/);
    } finally {
      junk.remove();
    }
  });

  it('an ad-hoc output cut off mid-host: that host is unknown, the ones before it are read', async () => {
    const text = readFileSync(path.join(recorded, 'adhoc/mixed-verbose.txt'), 'utf8');
    const file = path.join(tmp.dir, 'cut.log');
    writeFileSync(file, text.slice(0, text.length - 5000));
    const { obs } = await collect({ adhocOutput: file });
    expect(obs.entities.map((e) => `${e.id} ${e.status}`).sort()).toEqual(['host:broken unknown', 'host:localhost unknown', 'host:nohost down']);
    expect(attrs(obs, 'host:localhost').error).toMatch(/^cut\.log:\d+: the output of host localhost is cut off \(no closing brace\)$/);
    await expect(collect({ adhocOutput: path.join(tmp.dir, 'nope.txt') })).rejects.toThrow(/^ansible source ansible-fleet: adhocOutput \S+nope\.txt does not exist\./);
    await expect(collect({ adhocOutput: tmp.dir })).rejects.toThrow(/adhocOutput \S+ is a directory \(use factsDir/);
  });
});

describe('configuration', () => {
  it('wants exactly one of factsDir and adhocOutput, and defaults maxAgeHours to 24', () => {
    expect(config({ factsDir: '/var/cache/ansible' }).maxAgeHours).toBe(24);
    const neither = AnsibleConfigSchema.safeParse({ name: 'a', type: 'ansible' });
    const both = AnsibleConfigSchema.safeParse({ name: 'a', type: 'ansible', factsDir: 'd', adhocOutput: 'f' });
    expect(neither.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['factsDir: exactly one of factsDir (a directory of fact files) or adhocOutput (a saved `ansible all -m setup` output); neither is set']);
    expect(both.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['adhocOutput: exactly one of factsDir or adhocOutput, not both']);
    expect(AnsibleConfigSchema.safeParse({ name: 'a', type: 'ansible', factsDir: 'd', maxAgeHours: 0 }).success).toBe(false);
  });
});

const ansible = toolOrSkip('ansible', 'Install it with `apt-get install -y ansible` (Debian\'s ansible-core)', 'ansible collector');

describe.skipIf(ansible === 'skip')('ansible collector on the facts of a real `ansible -m setup` run here', () => {
  let tmp: { dir: string; remove: () => void };
  const canary = `canary-env-${Math.random().toString(36).slice(2)}-value`;
  /** Ansible with its config, home, temp files and inventory in our temp dir, and a canary in the environment it reports. */
  const run = (args: string[], env: Record<string, string> = {}) =>
    runCommand(ansible, args, {
      cwd: tmp.dir,
      timeout: 120_000,
      env: {
        SCARBOOK_TEST_SECRET: canary, ANSIBLE_CONFIG: path.join(tmp.dir, 'ansible.cfg'), ANSIBLE_HOME: path.join(tmp.dir, 'home'),
        ANSIBLE_LOCAL_TEMP: path.join(tmp.dir, 'tmp'), ANSIBLE_REMOTE_TEMP: path.join(tmp.dir, 'tmp'), ANSIBLE_SSH_CONTROL_PATH_DIR: path.join(tmp.dir, 'cp'),
        ANSIBLE_NOCOLOR: '1', ...env,
      },
    }).catch((error: { exitCode?: number; cause?: { stdout?: string } }) => {
      // `ansible` exits 4 when a host is unreachable; its output is still what we want.
      if (error.exitCode === 4 && error.cause?.stdout) return error.cause.stdout;
      throw error;
    });
  beforeAll(async () => {
    tmp = tempDir('ansible-real');
    writeFileSync(path.join(tmp.dir, 'ansible.cfg'), '[defaults]\n');
    writeFileSync(path.join(tmp.dir, 'hosts.ini'), 'localhost ansible_connection=local\nnohost.invalid\n');
  });
  afterAll(() => tmp?.remove());

  const checkThisMachine = (obs: Observation) => {
    const me = host(obs, `host:${normalizeHostName(os.hostname())}`);
    expect(me).toMatchObject({ name: normalizeHostName(os.hostname()), status: 'up', sources: ['ansible-fleet'] });
    const a = me.attributes as Record<string, any>;
    expect(a.hostname).toBe(os.hostname().split('.')[0]);
    expect(a.kernel).toBe(os.release());
    expect(a.arch).toBe(os.machine());
    // memtotal_mb is MemTotal in whole MiB.
    expect(os.totalmem() - a.memoryBytes).toBeGreaterThanOrEqual(0);
    expect(os.totalmem() - a.memoryBytes).toBeLessThan(1024 * 1024);
    expect(a.cpu.cores).toBe(os.cpus().length);
    expect(a.filesystems.length + a.addresses.length).toBeGreaterThan(0);
    expect(a.factsAge.stale).toBe(false);
    expect(Date.now() - Date.parse(a.factsAge.gatheredAt)).toBeLessThan(10 * 60_000);
  };

  it('collects a --tree directory (this machine up, an unreachable host down) without the environment', async () => {
    const out = await run(['all', '-i', 'hosts.ini', '-m', 'setup', '--tree', 'tree']);
    expect(out).toMatch(/^localhost \| SUCCESS => \{/m);
    expect(readFileSync(path.join(tmp.dir, 'tree/localhost'), 'utf8')).toContain(canary); // Ansible did report it…
    const { raw, obs } = await collect({ factsDir: path.join(tmp.dir, 'tree') });
    checkThisMachine(obs);
    expect(host(obs, 'host:nohost')).toMatchObject({ status: 'down', attributes: { unreachable: { message: expect.stringMatching(/nohost\.invalid/) } } });
    expect(JSON.stringify(raw) + JSON.stringify(obs)).not.toContain(canary); // …and it is gone
    writeFileSync(path.join(tmp.dir, 'adhoc.txt'), out);
    const text = await collect({ adhocOutput: path.join(tmp.dir, 'adhoc.txt') });
    checkThisMachine(text.obs);
    expect(text.obs.entities.map((e) => e.status).sort()).toEqual(['down', 'up']);
    expect(JSON.stringify(text.raw) + JSON.stringify(text.obs)).not.toContain(canary);
  });

  it('collects the jsonfile fact cache', async () => {
    await run(['localhost', '-i', 'hosts.ini', '-m', 'setup'], { ANSIBLE_CACHE_PLUGIN: 'jsonfile', ANSIBLE_CACHE_PLUGIN_CONNECTION: path.join(tmp.dir, 'cache'), ANSIBLE_GATHERING: 'smart' });
    expect(readFileSync(path.join(tmp.dir, 'cache/localhost'), 'utf8')).toContain(canary);
    const { raw, obs } = await collect({ factsDir: path.join(tmp.dir, 'cache') });
    expect(obs.entities).toHaveLength(1);
    checkThisMachine(obs);
    expect(JSON.stringify(raw) + JSON.stringify(obs)).not.toContain(canary);
  });
});
