import { isIP } from 'node:net';

/** An address as a number and its bit width (32 or 128), or null when it is not an IP address. */
function toBits(address: string): { value: bigint; width: 32 | 128 } | null {
  const a = address.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIP(a) === 4) return { value: a.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n), width: 32 };
  if (isIP(a) !== 6) return null;
  // Expand `::` and an embedded IPv4 tail into eight 16-bit groups.
  const [head = '', tail = ''] = a.includes('::') ? a.split('::') : [a, ''];
  const groups = (s: string) => (s ? s.split(':') : []).flatMap((g) => (g.includes('.') ? (() => { const v = toBits(g)!.value; return [(v >> 16n).toString(16), (v & 0xffffn).toString(16)]; })() : [g]));
  const h = groups(head);
  const t = groups(tail);
  const all = a.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return { value: all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n), width: 128 };
}

function fromBits(value: bigint, width: 32 | 128): string {
  if (width === 32) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // The canonical short form: the longest run of zero groups (two or more) becomes `::`.
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

function parse(cidr: string): { base: bigint; prefix: number; width: 32 | 128 } | null {
  const m = /^(.+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!m) return null;
  const bits = toBits(m[1]!);
  const prefix = Number(m[2]);
  if (!bits || prefix > bits.width) return null;
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(bits.width - prefix);
  return { base: bits.value & mask, prefix, width: bits.width };
}

/**
 * The network a host address with prefix length lies in: `192.168.1.21/24` → `192.168.1.0/24`,
 * `2001:db8::5/64` → `2001:db8::/64`. Null for anything that is not `address/length`.
 */
export function subnetOf(cidr: string): string | null {
  const p = parse(cidr);
  return p ? `${fromBits(p.base, p.width)}/${p.prefix}` : null;
}

/** Whether `address` (no prefix length) lies inside `subnet` (`10.0.0.0/8`); false for a /0 or junk. */
export function inSubnet(address: string, subnet: string): boolean {
  const p = parse(subnet);
  const a = toBits(address);
  if (!p || !a || a.width !== p.width || p.prefix === 0) return false;
  return a.value >> BigInt(p.width - p.prefix) === p.base >> BigInt(p.width - p.prefix);
}
