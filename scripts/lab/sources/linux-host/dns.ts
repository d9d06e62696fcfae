import { isIP } from 'node:net';
import type { Edge, EntityInput } from '../../../../src/schemas/lab.ts';

/** systemd-resolved's stub (127.0.0.53) and proxy stub (127.0.0.54): not where names are resolved. */
const STUBS = new Set(['127.0.0.53', '127.0.0.54']);

/**
 * A server address as resolv.conf or resolvectl writes it, reduced to the address:
 * `fe80::1%eth0` (zone), `1.1.1.1#cloudflare-dns.com` (DNS-over-TLS name), `[2001:db8::1]:53`,
 * `192.0.2.1:53`. Null when what is left is not an IP address.
 */
export function serverAddress(token: string): string | null {
  let a = token.trim().replace(/#.*$/, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.replace(/:\d+$/, '');
  a = a.replace(/%.*$/, '');
  return isIP(a) ? a.toLowerCase() : null;
}

const unique = (list: string[]) => [...new Set(list)];

/** `nameserver <address>` lines of a resolv.conf, in order (the resolver tries them in order). */
export function parseResolvConf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    const a = m ? serverAddress(m[1]!) : null;
    if (a) out.push(a);
  }
  return unique(out);
}

/**
 * Upstream servers systemd-resolved uses, from `resolvectl dns` (`Global: 1.1.1.1`,
 * `Link 2 (eth0): 10.0.2.3 fe80::1`) or, on systemd < 239, `systemd-resolve --status`
 * (`DNS Servers: 10.0.0.1` and indented continuation lines; `resolvectl status` has the same
 * form). Fallback DNS Servers are left out: resolved uses them only when nothing is configured.
 */
export function parseResolvectl(text: string): string[] {
  const out: string[] = [];
  let inServers = false;
  for (const line of text.split('\n')) {
    const m = /^\s*([^:]+?):(?:\s+(.*))?$/.exec(line);
    // An IPv6 continuation line (`    2001:db8::53`) also has a colon; a real key is not all hex.
    const key = m && !/^[0-9a-f]+$/i.test(m[1]!.trim()) ? m[1]!.trim() : null;
    let values: string;
    if (key !== null) {
      inServers = key === 'Global' || /^Link \d+ \(.*\)$/.test(key) || key === 'DNS Servers' || key === 'DNS Server';
      values = m![2] ?? '';
    } else {
      values = line.trim();
      if (values === '') inServers = false;
    }
    if (!inServers) continue;
    for (const token of values.split(/\s+/)) {
      const a = serverAddress(token);
      if (a) out.push(a);
    }
  }
  return unique(out);
}

export interface ResolverInput {
  resolvConf: string;
  /** `resolvectl dns` (or `systemd-resolve --status`) output, when resolved runs. */
  resolvectl?: string;
  /** /run/systemd/resolve/resolv.conf, when resolved runs. */
  resolvedConf?: string;
}

export interface Resolver {
  address: string;
  /** How we know: `resolv.conf nameserver <addr>`, or the systemd-resolved upstream behind the stub. */
  via: string;
}

/**
 * The servers that really answer this host's queries: /etc/resolv.conf's nameservers, with
 * systemd-resolved's stub replaced by the upstreams behind it (resolvectl first: it is the live
 * state; resolved's own resolv.conf when resolvectl could not answer). A stub with no known
 * upstream stays, so the attribute still shows the host resolves through 127.0.0.53.
 */
export function resolvers(input: ResolverInput): Resolver[] {
  const fromResolvectl = input.resolvectl ? parseResolvectl(input.resolvectl) : [];
  const upstreams = fromResolvectl.length ? fromResolvectl : input.resolvedConf ? parseResolvConf(input.resolvedConf) : [];
  const how = fromResolvectl.length ? 'resolvectl dns' : '/run/systemd/resolve/resolv.conf';
  const out: Resolver[] = [];
  for (const address of parseResolvConf(input.resolvConf)) {
    if (STUBS.has(address) && upstreams.length) {
      for (const up of upstreams) out.push({ address: up, via: `resolv.conf nameserver ${address} (systemd-resolved) → upstream ${up} (${how})` });
    } else {
      out.push({ address, via: `resolv.conf nameserver ${address}` });
    }
  }
  const seen = new Set<string>();
  return out.filter((r) => !seen.has(r.address) && seen.add(r.address));
}

/** 127.0.0.0/8, ::1 and the unspecified 0.0.0.0 / :: (which reach this host too): no other machine can be meant. */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || address === '0.0.0.0' || address === '::';
}

/**
 * One `dns-server:<address>` endpoint and one `depends-on` edge per resolver that is not this
 * host's loopback. The merge step resolves the endpoint to whatever serves port 53 at that
 * address (a container publishing 53, or the host), which may well be this host itself.
 */
export function dnsObservation(hostId: string, list: Resolver[], source: string): { entities: EntityInput[]; edges: Edge[] } {
  const remote = list.filter((r) => !isLoopback(r.address));
  return {
    entities: remote.map((r) => ({ id: `dns-server:${r.address}`, kind: 'dns-server' as const, name: r.address, sources: [source], attributes: { address: r.address, port: 53 } })),
    edges: remote.map((r) => ({ from: hostId, to: `dns-server:${r.address}`, type: 'depends-on' as const, evidence: [{ kind: 'observed' as const, source, via: r.via }] })),
  };
}
