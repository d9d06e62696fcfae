/** Addresses (`ip -j addr`, or `ip -o addr` / `ip addr` text) and listening sockets (`ss`). */

export interface Address {
  interface: string;
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

export interface Listener {
  protocol: 'tcp' | 'udp';
  /** `0.0.0.0`, `::`, `*` (any, both families) or one address; without brackets or `%interface`. */
  address: string;
  port: number;
  /** Process name(s), when ss could tell (root, or the collecting user's own processes). */
  process?: string;
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

function sortAddresses(list: Address[]): Address[] {
  const seen = new Set<string>();
  return list
    .filter((a) => !seen.has(`${a.interface}|${a.address}`) && seen.add(`${a.interface}|${a.address}`))
    .sort((a, b) => cmp(a.interface, b.interface) || cmp(a.family, b.family) || cmp(a.address, b.address));
}

interface IpJsonLink {
  ifname?: string;
  addr_info?: { family?: string; local?: string; prefixlen?: number; label?: string }[];
}

/** `ip -j addr` (iproute2 ≥ 4.13). */
export function parseIpJson(json: string): Address[] {
  const links = JSON.parse(json) as IpJsonLink[];
  const out: Address[] = [];
  for (const link of links) {
    for (const a of link.addr_info ?? []) {
      if (!a.local || (a.family !== 'inet' && a.family !== 'inet6')) continue;
      out.push({ interface: link.ifname ?? a.label ?? '?', address: a.local, prefix: a.prefixlen ?? (a.family === 'inet' ? 32 : 128), family: a.family === 'inet' ? 'ipv4' : 'ipv6' });
    }
  }
  return sortAddresses(out);
}

/**
 * `ip -o addr` (`2: eth0    inet 10.0.0.4/24 brd … scope global eth0\ …`) or plain `ip addr`
 * (a `2: eth0: <FLAGS>` line, then indented `inet`/`inet6` lines), as old iproute2 and busybox
 * print them. `eth0@if12` (a veth's peer) names the interface `eth0`.
 */
export function parseIpText(text: string): Address[] {
  const out: Address[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const oneline = /^\d+:\s+([^\s:@]+)(?:@\S+)?\s+(inet6?)\s+([0-9a-fA-F.:]+)\/(\d+)/.exec(line);
    const link = /^\d+:\s+([^\s:@]+)(?:@[^\s:]+)?:\s/.exec(line);
    const addr = /^\s+(inet6?)\s+([0-9a-fA-F.:]+)\/(\d+)/.exec(line);
    if (oneline) out.push(entry(oneline[1]!, oneline[2]!, oneline[3]!, oneline[4]!));
    else if (link) current = link[1]!;
    else if (addr && current) out.push(entry(current, addr[1]!, addr[2]!, addr[3]!));
  }
  return sortAddresses(out);
}

function entry(iface: string, family: string, address: string, prefix: string): Address {
  return { interface: iface, address, prefix: Number(prefix), family: family === 'inet' ? 'ipv4' : 'ipv6' };
}

/** Interface names ss and ip put after `%`: `127.0.0.53%lo`, `[fe80::1%eth0]`. */
function bareAddress(a: string): string {
  return a.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
}

/**
 * `ss -Hltnup` lines: `Netid State Recv-Q Send-Q Local:Port Peer:Port [users:(("name",pid=…))]`.
 * Also reads output with a header (ss without -H), with other states (ss -tupna: only LISTEN
 * and UNCONN sockets are kept) and IPv6 forms `[::]:22`, `:::22` (old ss) and `*:22`.
 */
export function parseSs(text: string): Listener[] {
  const byKey = new Map<string, Listener>();
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/).filter(Boolean);
    // Output for one protocol has no Netid column.
    if (parts[0] === 'LISTEN' || parts[0] === 'UNCONN') parts.unshift(parts[0] === 'LISTEN' ? 'tcp' : 'udp');
    const [netid, state, , , local, , ...rest] = parts;
    if ((netid !== 'tcp' && netid !== 'udp') || (state !== 'LISTEN' && state !== 'UNCONN') || !local) continue;
    const colon = local.lastIndexOf(':');
    const port = Number(local.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port)) continue;
    const address = bareAddress(local.slice(0, colon)) || '*';
    const names = [...new Set([...rest.join(' ').matchAll(/\("([^"]+)",pid=/g)].map((m) => m[1]!))];
    const listener: Listener = { protocol: netid, address, port };
    if (names.length) listener.process = names.sort().join(',');
    byKey.set(`${netid}|${listener.address}|${port}|${listener.process ?? ''}`, listener);
  }
  return [...byKey.values()].sort((a, b) => cmp(a.protocol, b.protocol) || cmp(a.port, b.port) || cmp(a.address, b.address) || cmp(a.process ?? '', b.process ?? ''));
}

/**
 * Bridges that container and VM runtimes create with the same addresses on every host
 * (docker0 172.17.0.1, virbr0 192.168.122.1, vboxnet0 192.168.56.1, podman 10.88.0.1,
 * kube-ipvs0's cluster-wide service IPs): as merge keys they would make all such hosts one.
 */
const SHARED_INTERFACE = /^(docker\d*|docker_gwbridge|br-[0-9a-f]{12}|veth|virbr\d|lxcbr\d|lxdbr\d|podman\d|cni|flannel|cali|cilium|kube-ipvs|vboxnet\d)/;

/** Loopback (127/8, ::1) and link-local (169.254/16, fe80::/10): every machine has the same ones. */
function isLocalOnly(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^169\.254\./.test(address) || /^fe[89ab][0-9a-f]:/i.test(address);
}

/** The addresses that identify this machine to other sources: the host entity's aliases. */
export function identifyingAddresses(list: Address[]): string[] {
  return [...new Set(list.filter((a) => !isLocalOnly(a.address) && !SHARED_INTERFACE.test(a.interface)).map((a) => a.address))].sort();
}
