import { isIP } from 'node:net';
import type { Address } from '../linux-host/network.ts';
import { isInterfaceFact, isObject, type Facts } from './facts.ts';

/** Interfaces and addresses from the per-interface facts (`ansible_eth0`), like linux-host's `ip addr`. */

export interface Interface {
  name: string;
  type: string | null;
  mac: string | null;
  mtu: number | null;
  active: boolean | null;
}

/** A container's end of a veth pair: renamed on every restart, it would churn the snapshot. */
const EPHEMERAL = /^veth/;

type Obj = Record<string, unknown>;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

/** `255.255.240.0` → 20; null for anything that is not a contiguous IPv4 mask. */
export function maskBits(mask: string): number | null {
  const parts = mask.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  const bits = parts.map((p) => p.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? bits.replace(/0+$/, '').length : null;
}

function prefixOf(entry: Obj, family: Address['family']): number {
  const p = Number(entry['prefix']);
  if (entry['prefix'] !== undefined && entry['prefix'] !== '' && Number.isInteger(p)) return p;
  const mask = typeof entry['netmask'] === 'string' ? maskBits(entry['netmask']) : null;
  return mask ?? (family === 'ipv4' ? 32 : 128);
}

/** `ipv4` is one object on Linux, a list on the BSDs; `ipv6` and `ipv4_secondaries` are lists. */
const entries = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : []);
/** Windows writes `fe80::1%12`; ss-style zone ids never identify a machine. */
const bare = (a: string) => a.replace(/%.*$/, '');

export function interfacesAndAddresses(facts: Facts): { interfaces: Interface[]; addresses: Address[] } {
  const interfaces = new Map<string, Interface>();
  const addresses = new Map<string, Address>();
  const ignored = new Set<string>();
  const add = (iface: string, entry: Obj, family: Address['family']) => {
    const address = str(entry['address']);
    if (address && isIP(bare(address))) addresses.set(`${iface}|${bare(address)}`, { interface: iface, address: bare(address), prefix: prefixOf(entry, family), family });
  };
  for (const [key, value] of Object.entries(facts)) {
    if (!key.startsWith('ansible_') || !isInterfaceFact(value)) continue;
    const name = value['device'] as string;
    if (EPHEMERAL.test(name)) {
      for (const e of [...entries(value['ipv4']), ...entries(value['ipv6'])]) if (typeof e['address'] === 'string') ignored.add(bare(e['address']));
      continue;
    }
    const mtu = Number(value['mtu']);
    interfaces.set(name, {
      name,
      type: str(value['type']),
      mac: str(value['macaddress']),
      mtu: value['mtu'] !== undefined && Number.isFinite(mtu) ? mtu : null,
      active: typeof value['active'] === 'boolean' ? value['active'] : null,
    });
    for (const e of [...entries(value['ipv4']), ...entries(value['ipv4_secondaries'])]) add(name, e, 'ipv4');
    for (const e of entries(value['ipv6'])) add(name, e, 'ipv6');
  }
  // Windows: `ansible_interfaces` is a list of objects and addresses are only in `ansible_ip_addresses`.
  const list = facts['ansible_interfaces'];
  if (Array.isArray(list)) {
    for (const x of list) {
      const name = isObject(x) ? str(x['interface_name']) : null;
      if (name && !interfaces.has(name)) interfaces.set(name, { name, type: null, mac: isObject(x) ? str(x['macaddress']) : null, mtu: null, active: null });
    }
  }
  // Addresses only the summary lists know (no per-interface facts): interface unknown.
  const known = new Set([...addresses.values()].map((a) => a.address));
  for (const k of ['ansible_all_ipv4_addresses', 'ansible_all_ipv6_addresses', 'ansible_ip_addresses']) {
    const all = facts[k];
    if (!Array.isArray(all)) continue;
    for (const a of all) {
      if (typeof a !== 'string' || !isIP(bare(a)) || known.has(bare(a)) || ignored.has(bare(a))) continue;
      const family = isIP(bare(a)) === 4 ? 'ipv4' : 'ipv6';
      known.add(bare(a));
      addresses.set(`?|${bare(a)}`, { interface: '?', address: bare(a), prefix: family === 'ipv4' ? 32 : 128, family });
    }
  }
  return {
    interfaces: [...interfaces.values()].sort((a, b) => cmp(a.name, b.name)),
    addresses: [...addresses.values()].sort((a, b) => cmp(a.interface, b.interface) || cmp(a.family, b.family) || cmp(a.address, b.address)),
  };
}
