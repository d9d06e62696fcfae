import { redactValue } from '../../redact.ts';

/**
 * One Ansible JSON document (a `--tree` file, a fact-cache file, or the body of an ad-hoc
 * `host | SUCCESS => {…}` block) → what it says about the host, reduced to the facts the
 * collector reads. The reduced facts keep Ansible's own key names and shapes (trimmed), so
 * the same code reads a full fact document and a compact one.
 *
 * Nothing outside the allow-list survives: `ansible_env`, `ansible_local` (but for one key),
 * `ansible_ssh_host_key_*`, `ansible_cmdline`, users, SELinux, Python… are dropped here.
 */

export type Facts = Record<string, unknown>;

/** What one document says about its host. */
export type Reading =
  | { result: 'facts'; facts: Facts }
  | { result: 'unreachable' | 'failed'; message: string }
  /** Valid JSON that is not the output of `setup` (`-m ping --tree`, an inventory dump…): skipped. */
  | { result: 'other'; reason: string };

type Obj = Record<string, unknown>;
export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Facts copied as they are (strings, numbers, lists of strings). */
const KEEP = [
  'hostname', 'fqdn', 'nodename', 'domain',
  'distribution', 'distribution_version', 'distribution_major_version', 'os_family', 'os_name', 'system',
  'kernel', 'architecture', 'machine',
  'processor_vcpus', 'processor_nproc', 'processor_cores', 'processor_count', 'processor_threads_per_core',
  'memtotal_mb', 'virtualization_role', 'virtualization_type',
  'all_ipv4_addresses', 'all_ipv6_addresses', 'ip_addresses',
].map((k) => `ansible_${k}`);

const pick = (o: Obj, keys: readonly string[]): Obj => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
const isPlain = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === 'string'));

/** An interface fact (`ansible_eth0`): an object naming its `device`. */
export function isInterfaceFact(v: unknown): v is Obj {
  return isObject(v) && typeof v['device'] === 'string' && ('ipv4' in v || 'ipv6' in v || 'macaddress' in v || 'type' in v || 'active' in v);
}

const trimAddress = (a: unknown) => (isObject(a) ? pick(a, ['address', 'netmask', 'prefix']) : a);
/** Linux gives `ipv4` as one object, the BSDs as a list; both kept as they came. */
const trimAddresses = (v: unknown) => (Array.isArray(v) ? v.map(trimAddress) : trimAddress(v));

function trimInterface(v: Obj): Obj {
  const out = pick(v, ['device', 'active', 'type', 'macaddress', 'mtu']);
  for (const k of ['ipv4', 'ipv4_secondaries', 'ipv6']) if (v[k] !== undefined) out[k] = trimAddresses(v[k]);
  return out;
}

/** Block devices that are no disk: loop (one per snap), RAM disks, zram swap, device-mapper and unused nbd. */
export const NOT_A_DISK = /^(loop|ram|zram|dm-|nbd)/;

/** `ansible_devices`: name → the few fields a disk needs (no serials, links or partitions). */
function trimDevices(v: unknown): unknown {
  if (!isObject(v)) return undefined;
  const disks = Object.entries(v).filter(([name, d]) => isObject(d) && !NOT_A_DISK.test(name));
  return Object.fromEntries(disks.map(([name, d]) => [name, pick(d as Obj, ['model', 'sectors', 'size'])]));
}

function trimMounts(v: unknown): unknown {
  return Array.isArray(v) ? v.filter(isObject).map((m) => pick(m, ['device', 'mount', 'fstype', 'size_total', 'size_available'])) : undefined;
}

/** `ansible_processor` repeats `index, vendor, model` per logical CPU: 384 entries on a big box. */
function trimProcessor(v: unknown): unknown {
  return Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string' && !/^\d+$/.test(x)))] : undefined;
}

/** Windows lists interfaces as objects (`interface_name`, `macaddress`), not names. */
function trimInterfaceList(v: unknown): unknown {
  if (!Array.isArray(v)) return undefined;
  return v.map((x) => (isObject(x) ? pick(x, ['interface_name', 'macaddress']) : x)).filter((x) => typeof x === 'string' || isObject(x));
}

/** The one custom fact read: `/etc/ansible/facts.d/scarbook.fact` with `{"hypervisor": "pve1"}`. */
function trimLocal(v: unknown): unknown {
  const hypervisor = isObject(v) && isObject(v['scarbook']) ? v['scarbook']['hypervisor'] : undefined;
  return typeof hypervisor === 'string' && hypervisor.trim() ? { scarbook: { hypervisor: hypervisor.trim() } } : undefined;
}

/** Facts exported with `{{ ansible_facts | to_json }}` have no `ansible_` prefix: add it. */
function prefixed(facts: Obj): Obj {
  if (Object.keys(facts).some((k) => k.startsWith('ansible_'))) return facts;
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [`ansible_${k}`, v]));
}

/** The allow-listed, trimmed facts of one host. */
export function compactFacts(input: Obj): Facts {
  const facts = prefixed(input);
  const out: Obj = {};
  for (const k of KEEP) if (isPlain(facts[k])) out[k] = facts[k];
  const trimmed: Record<string, unknown> = {
    ansible_devices: trimDevices(facts['ansible_devices']),
    ansible_mounts: trimMounts(facts['ansible_mounts']),
    ansible_processor: trimProcessor(facts['ansible_processor']),
    ansible_interfaces: trimInterfaceList(facts['ansible_interfaces']),
    ansible_local: trimLocal(facts['ansible_local']),
    ansible_date_time: isObject(facts['ansible_date_time']) ? pick(facts['ansible_date_time'], ['epoch', 'iso8601']) : undefined,
  };
  for (const [k, v] of Object.entries(trimmed)) if (v !== undefined) out[k] = v;
  for (const [k, v] of Object.entries(facts)) if (k.startsWith('ansible_') && isInterfaceFact(v)) out[k] = trimInterface(v);
  return out;
}

/** Facts of a real host, not the lone `discovered_interpreter_python` of `-m ping --tree`. */
function describesHost(facts: Obj): boolean {
  return ['hostname', 'nodename', 'system', 'kernel', 'distribution'].some((k) => typeof facts[`ansible_${k}`] === 'string');
}

/** Ansible's messages span lines (`msg` of a failed module); kept as one line of sane length. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The message of an unreachable or failed result: `msg`, else the module's stderr. */
export function messageOf(doc: Obj): string {
  const parts = [doc['msg'], doc['module_stderr'], doc['stderr']].filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return safeMessage(parts[0] ?? '(no message)');
}

/** One line, without credentials (a password in a URL, a token) that slipped into Ansible's message. */
export function safeMessage(text: string): string {
  return redactValue('message', oneLine(text));
}

/** Reads one parsed document: `{ansible_facts, changed}`, bare cached facts, or an unreachable/failed result. */
export function readDocument(doc: unknown): Reading {
  if (!isObject(doc)) return { result: 'other', reason: `JSON ${Array.isArray(doc) ? 'array' : typeof doc}, not Ansible facts` };
  if (doc['unreachable'] === true) return { result: 'unreachable', message: messageOf(doc) };
  const facts = isObject(doc['ansible_facts']) ? prefixed(doc['ansible_facts']) : Object.keys(doc).some((k) => k.startsWith('ansible_')) ? doc : null;
  if (doc['failed'] === true && !(facts && describesHost(facts))) return { result: 'failed', message: messageOf(doc) };
  if (!facts) {
    const bare = prefixed(doc);
    if (describesHost(bare)) return { result: 'facts', facts: compactFacts(bare) };
    return { result: 'other', reason: 'JSON without ansible_facts or ansible_* keys' };
  }
  if (!describesHost(facts)) return { result: 'other', reason: 'Ansible output without host facts (not from the setup module?)' };
  return { result: 'facts', facts: compactFacts(facts) };
}
