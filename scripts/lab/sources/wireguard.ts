import { hostname } from 'node:os';
import { z } from 'astro/zod';
import type { Collector, FetchContext, Observation, RawOutput } from '../collector.ts';
import type { Edge, EntityInput, Json } from '../../../src/schemas/lab.ts';
import { ids } from '../identity.ts';
import { addressOf, DumpError, endpointHost, hideSecrets, isUnspecified, parseDump, type WgPeer } from './wireguard/dump.ts';

export const WireGuardConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('wireguard'),
  /** `user@host` (or an ssh_config Host alias) to run `wg` on over ssh; absent = this machine. */
  ssh: z.string().min(1).refine((s) => !s.startsWith('-'), 'must be a destination (user@host), not an option').optional(),
  /** The lab host the interfaces live on. Default: this machine's hostname, or the ssh destination's host. */
  host: z.string().min(1).optional(),
  /** Milliseconds before `wg` (or ssh) is given up on. */
  timeoutMs: z.number().int().positive().optional(),
});
export type WireGuardConfig = z.infer<typeof WireGuardConfigSchema>;

const DUMP = 'wg-dump.tsv';
const NOW = 'now.txt';
const HOST = 'hostname.txt';
/** A peer whose last handshake is older than this is down (WireGuard re-keys every 2 minutes while traffic flows). */
const HANDSHAKE_FRESH_S = 180;

function command(config: WireGuardConfig): { file: string; args: string[] } {
  const wg = ['wg', 'show', 'all', 'dump'];
  if (!config.ssh) return { file: 'wg', args: wg.slice(1) };
  // BatchMode: a pull must fail, not hang on a password prompt.
  return { file: 'ssh', args: ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '--', config.ssh, ...wg] };
}

function where(config: WireGuardConfig): string {
  return config.ssh ? `${config.ssh} (over ssh)` : 'this machine';
}

/** What went wrong, phrased as what to check. */
function explain(reason: string, config: WireGuardConfig): string {
  if (/timed out/i.test(reason)) return `\`wg show all dump\` on ${where(config)} timed out: is ${config.ssh ? 'the host reachable over ssh' : 'wg hanging (kernel module, netlink)'}?`;
  if (/is not installed or not on PATH|command not found|No such file/i.test(reason)) return `wg is not installed on ${where(config)}: install wireguard-tools.`;
  if (/Operation not permitted|Permission denied \(|not permitted|Unable to access interface/i.test(reason) && !/publickey/i.test(reason)) {
    return `wg on ${where(config)} may not read the interfaces: run the pull as root or give wg CAP_NET_ADMIN (\`setcap cap_net_admin+ep $(command -v wg)\`).`;
  }
  if (config.ssh && /ssh|Permission denied|Connection|Host key|resolve/i.test(reason)) {
    return `ssh to ${config.ssh} failed: check that \`ssh ${config.ssh} true\` works without a prompt (key in the agent, host key known).`;
  }
  return `\`wg show all dump\` on ${where(config)} failed: run it there by hand to see why.`;
}

function oneLine(text: string): string {
  return text.trim().split('\n').map((l) => l.trim()).filter(Boolean).slice(-3).join(' ');
}

async function fetchWireGuard(config: WireGuardConfig, ctx: FetchContext): Promise<RawOutput> {
  const { file, args } = command(config);
  let dump: string;
  try {
    // The private and preshared keys are replaced right here: nothing after this line holds them.
    dump = hideSecrets(await ctx.run(file, args, { timeout: config.timeoutMs ?? 30_000 }));
  } catch (error) {
    const e = error as { stderr?: unknown; message?: unknown };
    const reason = String(e.stderr ?? e.message ?? error);
    const detail = oneLine(hideSecrets(reason));
    throw new Error(`wireguard source ${config.name}: ${explain(reason, config)}${detail ? ` (${detail})` : ''}`);
  }
  try {
    parseDump(dump);
  } catch (error) {
    if (!(error instanceof DumpError)) throw error;
    throw new Error(`wireguard source ${config.name}: \`wg show all dump\` on ${where(config)} printed something that is not a dump (${error.message}); check that \`wg\` there is wireguard-tools' wg.`);
  }
  const host = config.host ?? (config.ssh ? config.ssh.replace(/^.*@/, '') : hostname());
  // "now" for the handshake rule is recorded, so replaying a recording gives the same states.
  return { [DUMP]: dump, [NOW]: `${Math.floor(Date.now() / 1000)}\n`, [HOST]: `${host}\n` };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `recent`: a handshake within 3 minutes of the recorded now. `stale`: older. `never`: none. */
function handshakeState(peer: WgPeer, now: number): 'never' | 'recent' | 'stale' {
  if (peer.latestHandshake <= 0) return 'never';
  return now - peer.latestHandshake < HANDSHAKE_FRESH_S ? 'recent' : 'stale';
}

/**
 * One `network` per interface (`network:<host>/<iface>`) listing its peers' state (not ages or
 * counters: an unchanged link gives an unchanged snapshot), one `host` per peer keyed by its first
 * allowed IP so the merge step can unify it with the real machine, and the edges between them.
 */
export function parseWireGuard(raw: RawOutput, config: WireGuardConfig): Observation {
  const fail = (what: string) => new Error(`wireguard source ${config.name}: ${what}; re-record it.`);
  const text = raw[DUMP];
  if (text === undefined) throw fail(`raw output has no ${DUMP}`);
  const now = Number((raw[NOW] ?? '').trim());
  if (!raw[NOW] || !Number.isFinite(now)) throw fail(`${NOW} (the pull's time, seconds since the epoch) is missing or not a number`);
  const host = config.host ?? (raw[HOST] ?? '').trim();
  if (!host) throw fail(`${HOST} is missing and no host is configured`);
  let interfaces;
  try {
    interfaces = parseDump(text);
  } catch (error) {
    if (error instanceof DumpError) throw fail(`${DUMP} ${error.message}`);
    throw error;
  }
  const self = ids.host(host);
  const entities: EntityInput[] = [{ id: self, kind: 'host', name: host, sources: [config.name], aliases: [], attributes: {} }];
  const edges: Edge[] = [];
  for (const iface of interfaces) {
    const network = ids.network(host, iface.name);
    const evidence = [{ kind: 'observed' as const, source: config.name, via: `wireguard ${iface.name}` }];
    const peers = [...iface.peers].sort((a, b) => cmp(a.publicKey, b.publicKey));
    entities.push({
      id: network,
      kind: 'network',
      name: iface.name,
      sources: [config.name],
      aliases: [],
      attributes: {
        driver: 'wireguard',
        host,
        publicKey: iface.publicKey,
        listenPort: iface.listenPort,
        peers: peers.map((p): Json => {
          const handshake = handshakeState(p, now);
          return { publicKey: p.publicKey, endpoint: p.endpoint, allowedIps: p.allowedIps, state: handshake === 'recent' ? 'up' : 'down', handshake };
        }),
      },
    });
    edges.push({ from: self, to: network, type: 'member-of', evidence });
    for (const p of peers) {
      const addresses = p.allowedIps.map(addressOf);
      const key = addresses.find((a) => !isUnspecified(a));
      if (!key) continue; // a peer without allowed IPs (or only a default route) names no machine
      const peer = ids.host(key);
      entities.push({
        id: peer,
        kind: 'host',
        name: key,
        status: handshakeState(p, now) === 'recent' ? 'up' : 'down',
        sources: [config.name],
        aliases: [...new Set([...addresses.filter((a) => !isUnspecified(a)), ...(p.endpoint ? [endpointHost(p.endpoint)] : [])])].sort(cmp),
        attributes: { wireguard: { publicKey: p.publicKey } },
      });
      edges.push({ from: peer, to: network, type: 'member-of', evidence });
      edges.push({ from: self, to: peer, type: 'connects-to', evidence });
    }
  }
  return { entities, edges };
}

export const wireguardCollector: Collector<WireGuardConfig> = {
  type: 'wireguard',
  configSchema: WireGuardConfigSchema,
  fetch: fetchWireGuard,
  parse: parseWireGuard,
  // fetch already hid the keys; this also covers raw output from elsewhere (an older recording).
  sanitize: (raw) => (raw[DUMP] === undefined ? raw : { ...raw, [DUMP]: hideSecrets(raw[DUMP]) }),
};
