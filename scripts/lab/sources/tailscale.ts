import { z } from 'astro/zod';
import type { Collector, FetchContext, Observation, RawOutput } from '../collector.ts';
import type { Edge, EntityInput, Json } from '../../../src/schemas/lab.ts';
import { ids, normalizeHostName } from '../identity.ts';

export const TailscaleConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('tailscale'),
  /** `user@host` (or an ssh_config Host alias) to run `tailscale` on over ssh; absent = this machine. */
  ssh: z.string().min(1).refine((s) => !s.startsWith('-'), 'must be a destination (user@host), not an option').optional(),
  /** Milliseconds before `tailscale` (or ssh) is given up on. */
  timeoutMs: z.number().int().positive().optional(),
});
export type TailscaleConfig = z.infer<typeof TailscaleConfigSchema>;

const STATUS = 'status.json';

/** The fields we read of one node (`Self` or a `Peer` value); the rest (byte counters, times, keys) is ignored. */
const NodeSchema = z.object({
  HostName: z.string().default(''),
  DNSName: z.string().default(''),
  OS: z.string().default(''),
  TailscaleIPs: z.array(z.string()).nullable().default([]),
  Online: z.boolean().default(false),
  ExitNode: z.boolean().default(false),
  ExitNodeOption: z.boolean().default(false),
  Tags: z.array(z.string()).nullable().optional(),
  Relay: z.string().optional(),
});
type Node = z.infer<typeof NodeSchema>;

/** `Version` is what tells a status document from any other JSON (every tailscale since 1.0 prints it). */
const StatusSchema = z.object({
  Version: z.string().min(1),
  BackendState: z.string().default(''),
  MagicDNSSuffix: z.string().optional(),
  CurrentTailnet: z.object({ Name: z.string().optional(), MagicDNSSuffix: z.string().optional() }).nullable().optional(),
  Self: NodeSchema.nullable().optional(),
  Peer: z.record(z.string(), NodeSchema).nullable().optional(),
});
type Status = z.infer<typeof StatusSchema>;

function command(config: TailscaleConfig): { file: string; args: string[] } {
  const ts = ['tailscale', 'status', '--json'];
  if (!config.ssh) return { file: 'tailscale', args: ts.slice(1) };
  return { file: 'ssh', args: ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '--', config.ssh, ...ts] };
}

function where(config: TailscaleConfig): string {
  return config.ssh ? `${config.ssh} (over ssh)` : 'this machine';
}

function explain(reason: string, config: TailscaleConfig): string {
  if (/timed out/i.test(reason)) return `\`tailscale status --json\` on ${where(config)} timed out: is tailscaled ${config.ssh ? 'and the host (over ssh) ' : ''}responding?`;
  if (/is not installed or not on PATH|command not found/i.test(reason)) return `tailscale is not installed on ${where(config)}: install it (https://tailscale.com/download).`;
  if (/tailscaled|failed to connect|connection refused|no such file/i.test(reason)) return `tailscaled is not running on ${where(config)}: start it (\`systemctl start tailscaled\`).`;
  if (config.ssh && /ssh|Permission denied|Host key|resolve/i.test(reason)) {
    return `ssh to ${config.ssh} failed: check that \`ssh ${config.ssh} true\` works without a prompt (key in the agent, host key known).`;
  }
  return `\`tailscale status --json\` on ${where(config)} failed: run it there by hand to see why.`;
}

function oneLine(text: string): string {
  return text.trim().split('\n').map((l) => l.trim()).filter(Boolean).slice(-3).join(' ');
}

/** The status document, or a one-line message naming the source and what to check. */
function readStatus(text: string, config: TailscaleConfig, what: string): Status {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const html = /^\s*</.test(text) ? ' (it looks like an HTML page: a login or proxy page in front of the host?)' : '';
    throw new Error(`tailscale source ${config.name}: ${what} is not JSON${html}: ${(error as Error).message}. Output began: ${JSON.stringify(text.slice(0, 80))}`);
  }
  const parsed = StatusSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`tailscale source ${config.name}: ${what} is not \`tailscale status --json\` output (${issue.path.join('.') || 'document'}: ${issue.message}); check that \`tailscale\` there is the Tailscale CLI.`);
  }
  return parsed.data;
}

async function fetchTailscale(config: TailscaleConfig, ctx: FetchContext): Promise<RawOutput> {
  const { file, args } = command(config);
  let stdout: string;
  try {
    stdout = await ctx.run(file, args, { timeout: config.timeoutMs ?? 30_000 });
  } catch (error) {
    const e = error as { stderr?: unknown; message?: unknown };
    const reason = String(e.stderr ?? e.message ?? error);
    const detail = oneLine(reason);
    throw new Error(`tailscale source ${config.name}: ${explain(reason, config)}${detail ? ` (${detail})` : ''}`);
  }
  const status = readStatus(stdout, config, `the output of \`tailscale status --json\` on ${where(config)}`);
  if (status.BackendState && status.BackendState !== 'Running') {
    throw new Error(`tailscale source ${config.name}: tailscale on ${where(config)} is not connected (BackendState ${status.BackendState}): run \`tailscale up\` there${status.BackendState === 'NeedsLogin' ? ' and log in' : ''}.`);
  }
  return { [STATUS]: stdout };
}

/** Lower-case ASCII label from any text (`Borja’s MacBook Air` → `borja-s-macbook-air`). */
function slug(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

function dnsName(node: Node): string {
  return node.DNSName.replace(/\.$/, '');
}

/**
 * The host name a node is known by: its HostName, normalised — unless that is `localhost` (iOS
 * and Android report that), empty, contains whitespace (`Borja’s MacBook Air`) or is shared with
 * another node: then the first label of its MagicDNS name, which Tailscale keeps unique and DNS-safe.
 */
function nodeNames(nodes: Node[]): string[] {
  const own = nodes.map((n) => normalizeHostName(n.HostName));
  const count = new Map<string, number>();
  for (const o of own) count.set(o, (count.get(o) ?? 0) + 1);
  return nodes.map((n, i) => {
    const name = own[i]!;
    if (name && name !== 'localhost' && !/\s/.test(name) && count.get(name) === 1) return name;
    const label = dnsName(n).split('.')[0];
    if (label) return normalizeHostName(label);
    // No MagicDNS name (MagicDNS off): a slug of the HostName, else the node's first Tailscale address.
    const fallback = name === 'localhost' ? '' : slug(n.HostName);
    return (fallback && count.get(name) === 1 ? fallback : '') || n.TailscaleIPs?.[0] || `node-${i}`;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every node of the tailnet (`Self` and each `Peer`) as a `host` with its Tailscale addresses and
 * MagicDNS name as aliases, all `member-of` one `network:tailnet/<MagicDNS suffix>`, and Self
 * `connects-to` each peer. Only state that changes with the lab is kept: no LastSeen, handshakes
 * or byte counters.
 */
export function parseTailscale(raw: RawOutput, config: TailscaleConfig): Observation {
  const text = raw[STATUS];
  if (text === undefined) throw new Error(`tailscale source ${config.name}: raw output has no ${STATUS}; re-record it.`);
  const status = readStatus(text, config, STATUS);
  const self = status.Self;
  if (!self) throw new Error(`tailscale source ${config.name}: ${STATUS} has no Self node (BackendState ${status.BackendState || 'unknown'}); is tailscale logged in?`);
  const peers = Object.entries(status.Peer ?? {}).sort(([a], [b]) => cmp(a, b)).map(([, p]) => p);
  const nodes = [self, ...peers];
  const names = nodeNames(nodes);
  const suffix = status.MagicDNSSuffix || status.CurrentTailnet?.MagicDNSSuffix || 'tailnet';
  const network = ids.network('tailnet', suffix);
  const evidence = [{ kind: 'observed' as const, source: config.name, via: 'tailscale mesh' }];
  const entities: EntityInput[] = [{
    id: network,
    kind: 'network',
    // Not CurrentTailnet.Name: for personal tailnets it is the owner's login (an e-mail address).
    name: suffix,
    sources: [config.name],
    aliases: [],
    attributes: { driver: 'tailscale', magicDNSSuffix: suffix },
  }];
  const edges: Edge[] = [];
  nodes.forEach((node, i) => {
    const id = ids.host(names[i]!);
    const tailscale: Record<string, Json> = {
      os: node.OS,
      online: node.Online,
      exitNode: node.ExitNode,
      exitNodeOption: node.ExitNodeOption,
      tags: [...(node.Tags ?? [])].sort(cmp),
    };
    if (node.Relay) tailscale['relay'] = node.Relay;
    entities.push({
      id,
      kind: 'host',
      name: names[i]!,
      status: node.Online ? 'up' : 'down',
      sources: [config.name],
      aliases: [...new Set([...(node.TailscaleIPs ?? []), dnsName(node), node.HostName].filter((a) => a && a !== 'localhost'))].sort(cmp),
      attributes: { tailscale },
    });
    edges.push({ from: id, to: network, type: 'member-of', evidence });
    if (i > 0) edges.push({ from: ids.host(names[0]!), to: id, type: 'connects-to', evidence });
  });
  return { entities, edges };
}

// No sanitize needed for secrets: status --json holds node keys (public), addresses, names and user
// logins, never private keys or auth keys. parse keeps neither user logins nor node keys.
export const tailscaleCollector: Collector<TailscaleConfig> = {
  type: 'tailscale',
  configSchema: TailscaleConfigSchema,
  fetch: fetchTailscale,
  parse: parseTailscale,
};
