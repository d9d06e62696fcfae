import { isIP } from 'node:net';
import type { Edge, EntityInput, Json } from '../../../../src/schemas/lab.ts';
import { ids, normalizeHostName } from '../../identity.ts';
import { redactValue } from '../../redact.ts';
import { identifyingAddresses } from '../linux-host/network.ts';
import type { HostRecord } from './raw.ts';
import { interfacesAndAddresses } from './network.ts';
import { cpuOf, disksOf, fact, filesystemsOf, gatheredAt, hypervisorOf, memoryBytesOf, osOf, virtualizationOf } from './system.ts';

/** Host entities (and runs-on edges) from compact host records. */

export interface HostOptions {
  source: string;
  /** When fetch read the facts (ms): ages are measured against it, not against the clock of a replay. */
  collectedAt: number;
  maxAgeHours: number;
}

/** Names every misconfigured or fresh machine answers with: never an identity. */
const GENERIC = /^(localhost|localhost\.localdomain|localhost6|127\.\d+\.\d+\.\d+|::1)$/i;

function usableHostname(r: HostRecord): string | null {
  const h = r.facts ? fact(r.facts, 'hostname') : null;
  return h && !GENERIC.test(h) ? h : null;
}

/**
 * The name each record's entity gets: its inventory name, except where that says nothing
 * (`localhost`, an IP address) and the facts name the machine. Two records that would then
 * share a name keep their inventory names (two fresh VMs both called `debian`). Also returns
 * the host names more than one record reports, which are no merge key either.
 */
export function chooseNames(records: HostRecord[]): { names: Map<string, string>; sharedHostnames: Set<string> } {
  const count = new Map<string, number>();
  for (const r of records) {
    const h = usableHostname(r);
    if (h) count.set(normalizeHostName(h), (count.get(normalizeHostName(h)) ?? 0) + 1);
  }
  const sharedHostnames = new Set([...count].filter(([, n]) => n > 1).map(([h]) => h));
  const names = new Map<string, string>();
  const inventoryIds = new Set(records.map((r) => normalizeHostName(r.host)));
  for (const r of records) {
    const h = usableHostname(r);
    const vague = GENERIC.test(r.host) || isIP(r.host.replace(/^\[|\]$/g, '')) !== 0;
    const fallback = h && vague && !sharedHostnames.has(normalizeHostName(h)) && !inventoryIds.has(normalizeHostName(h));
    names.set(r.host, fallback ? h : r.host);
  }
  return { names, sharedHostnames };
}

/** A DNS name worth merging on: has a dot, is not `localhost.localdomain`. */
function dnsAlias(name: string | null): string[] {
  if (!name) return [];
  const n = name.toLowerCase().replace(/\.$/, '');
  return n.includes('.') && !GENERIC.test(n) && !/^localhost\b/.test(n) && isIP(n) === 0 ? [n] : [];
}

/** Ansible's messages are kept (one line), but never a credential that slipped into one. */
const message = (text: string | undefined) => redactValue('message', text ?? '(no message)');

/** Unset optional fields are dropped: snapshots hold JSON, and `undefined` is not JSON. */
const toJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

export function hostEntity(r: HostRecord, chosen: string, sharedHostnames: Set<string>, opts: HostOptions): EntityInput {
  const name = normalizeHostName(chosen);
  const base = { id: ids.host(chosen), kind: 'host' as const, name, sources: [opts.source] };
  // How Ansible reaches the host: its FQDN, or an address (a NAT'd public IP no interface shows).
  const inventoryAlias = [...dnsAlias(r.host), ...(isIP(r.host) !== 0 && !GENERIC.test(r.host) ? [r.host.toLowerCase()] : [])];
  if (r.result !== 'facts' || !r.facts) {
    const attributes: Record<string, Json> = { inventoryName: r.host };
    if (r.result === 'unreachable') attributes['unreachable'] = { message: message(r.message) };
    else if (r.result === 'failed') attributes['failed'] = { message: message(r.message) };
    else attributes['error'] = message(r.message);
    const status = r.result === 'unreachable' ? ('down' as const) : ('unknown' as const);
    return { ...base, status, aliases: inventoryAlias.filter((a) => a !== name), attributes };
  }
  const f = r.facts;
  const hostname = fact(f, 'hostname');
  const fqdn = fact(f, 'fqdn');
  const { interfaces, addresses } = interfacesAndAddresses(f);
  const hostnameAlias = hostname && !GENERIC.test(hostname) && !sharedHostnames.has(normalizeHostName(hostname)) ? [hostname.toLowerCase()] : [];
  const aliases = [...new Set([...dnsAlias(fqdn), ...dnsAlias(fact(f, 'nodename')), ...inventoryAlias, ...hostnameAlias, ...identifyingAddresses(addresses)])];
  const when = gatheredAt(f, r.mtime);
  const stale = when === null || opts.collectedAt - Date.parse(when) > opts.maxAgeHours * 3_600_000;
  const virtualization = virtualizationOf(f);
  return {
    ...base,
    status: 'up',
    aliases: aliases.filter((a) => a !== name).sort(),
    attributes: {
      inventoryName: r.host,
      hostname,
      fqdn: fqdn?.includes('.') ? fqdn.replace(/\.$/, '') : null,
      os: toJson(osOf(f)),
      kernel: fact(f, 'kernel'),
      arch: fact(f, 'architecture') ?? fact(f, 'machine'),
      cpu: toJson(cpuOf(f)),
      memoryBytes: memoryBytesOf(f),
      disks: toJson(disksOf(f)),
      filesystems: toJson(filesystemsOf(f)),
      interfaces: toJson(interfaces),
      addresses: toJson(addresses),
      ...(virtualization ? { virtualization } : {}),
      factsAge: { gatheredAt: when, stale },
    },
  };
}

/**
 * `runs-on`, guest → hypervisor, when the guest's facts name its hypervisor (the custom fact
 * `ansible_local.scarbook.hypervisor`: core facts never do). The hypervisor gets a bare host
 * entity when this source has no facts of its own for it, so the edge never dangles.
 */
export function hypervisorEdge(r: HostRecord, guestId: string, source: string): { edge: Edge; hypervisor: EntityInput } | null {
  const hv = r.facts ? hypervisorOf(r.facts) : null;
  if (!hv || ids.host(hv) === guestId) return null;
  return {
    edge: { from: guestId, to: ids.host(hv), type: 'runs-on', evidence: [{ kind: 'observed', source, via: 'ansible_local.scarbook.hypervisor' }] },
    hypervisor: { id: ids.host(hv), kind: 'host', name: normalizeHostName(hv), sources: [source], aliases: dnsAlias(hv), attributes: {} },
  };
}
