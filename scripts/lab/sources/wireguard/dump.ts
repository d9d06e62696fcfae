import { isIP } from 'node:net';

/**
 * `wg show all dump`: tab-separated, one line per interface then one per peer.
 *   interface: iface, private-key, public-key, listen-port, fwmark                    (5 fields)
 *   peer:      iface, public-key, preshared-key, endpoint, allowed-ips, latest-handshake,
 *              rx-bytes, tx-bytes, persistent-keepalive                                (9 fields)
 * `(none)` stands for an unset value; a handshake of `0` means never.
 */

/** What the secret columns are replaced with before anything keeps the dump. */
export const HIDDEN = '(hidden)';

export interface WgPeer {
  publicKey: string;
  endpoint: string | null;
  allowedIps: string[];
  /** Seconds since the epoch; 0 = never. */
  latestHandshake: number;
}

export interface WgInterface {
  name: string;
  publicKey: string | null;
  listenPort: number | null;
  peers: WgPeer[];
}

/**
 * Replaces the interface private key (field 2 of a 5-field line) and the peer preshared key
 * (field 3 of a 9-field line, unless `(none)`) by `(hidden)`. Other lines pass unchanged (parse
 * rejects them later). Runs in fetch on the command's output, so no later step holds the keys.
 */
export function hideSecrets(dump: string): string {
  return dump
    .split('\n')
    .map((line) => {
      const f = line.split('\t');
      if (f.length === 5) f[1] = HIDDEN;
      else if (f.length === 9 && f[2] !== '(none)') f[2] = HIDDEN;
      return f.join('\t');
    })
    .join('\n');
}

/** A line that is not 5 or 9 tab-separated fields: the dump is cut short or not a dump at all. */
export class DumpError extends Error {}

const none = (s: string | undefined): string | null => (s === undefined || s === '(none)' || s === '' ? null : s);

export function parseDump(text: string): WgInterface[] {
  const byName = new Map<string, WgInterface>();
  const get = (name: string) => {
    let i = byName.get(name);
    if (!i) byName.set(name, (i = { name, publicKey: null, listenPort: null, peers: [] }));
    return i;
  };
  for (const [n, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const f = line.split('\t');
    if (f.length === 5) {
      // A peer line cut after its allowed-ips also has 5 fields: the port and fwmark tell them apart.
      if (!/^(\d+|\(none\))$/.test(f[3]!) || !/^(off|0x[0-9a-f]+|\d+)$/i.test(f[4]!)) {
        throw new DumpError(`line ${n + 1} is no interface line (listen-port ${JSON.stringify(f[3])}, fwmark ${JSON.stringify(f[4])}): cut short?`);
      }
      const i = get(f[0]!);
      i.publicKey = none(f[2]);
      const port = Number(f[3]);
      i.listenPort = none(f[3]) && Number.isInteger(port) ? port : null;
    } else if (f.length === 9) {
      const handshake = Number(f[5]);
      if (!Number.isInteger(handshake)) throw new DumpError(`line ${n + 1}: latest-handshake ${JSON.stringify(f[5])} is not a number`);
      get(f[0]!).peers.push({
        publicKey: f[1]!,
        endpoint: none(f[3]),
        allowedIps: (none(f[4]) ?? '').split(',').map((s) => s.trim()).filter(Boolean),
        latestHandshake: handshake,
      });
    } else {
      throw new DumpError(`line ${n + 1} has ${f.length} tab-separated fields, not 5 (interface) or 9 (peer): ${JSON.stringify(line.slice(0, 80))}`);
    }
  }
  return [...byName.values()];
}

/** `10.0.0.2/32` → `10.0.0.2`, `fd00::2/128` → `fd00::2`. */
export function addressOf(cidr: string): string {
  return cidr.replace(/\/\d+$/, '');
}

/** `203.0.113.7:51820` → `203.0.113.7`, `[2001:db8::1]:51820` → `2001:db8::1`, `host.example:51820` → `host.example`. */
export function endpointHost(endpoint: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(endpoint);
  if (bracketed) return bracketed[1]!.replace(/%.*$/, '');
  if (isIP(endpoint)) return endpoint;
  return endpoint.replace(/:\d+$/, '');
}

/** `0.0.0.0/0`, `::/0`: a default route names no machine. */
export function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}
