import type { Json } from '../../../../src/schemas/lab.ts';
import { looksSecret, redactLabels, REDACTED, redactValue, stripUrlCredentials } from '../../redact.ts';
import { BUILTIN_NETWORKS, COMPOSE, type ContainerInspect, type ImageInspect, type PortBinding } from './raw.ts';
import { envEntries } from './deps.ts';

/** What `docker inspect` says about one container, as plain data (no env values, labels redacted). */

const STATES = new Set(['running', 'exited', 'paused', 'restarting', 'created', 'dead']);
const HEALTH = new Set(['healthy', 'unhealthy', 'starting']);

export type ContainerStatus = 'running' | 'exited' | 'paused' | 'restarting' | 'created' | 'dead' | 'healthy' | 'unhealthy' | 'starting' | 'unknown';

/** A running container with a health check reports its health; a stopped one keeps a stale health it must not show. */
export function containerStatus(c: ContainerInspect): ContainerStatus {
  const state = c.State?.Status ?? '';
  const health = c.State?.Health?.Status ?? '';
  if (state === 'running' && HEALTH.has(health)) return health as ContainerStatus;
  return STATES.has(state) ? (state as ContainerStatus) : 'unknown'; // `removing` and future states
}

/** Docker's zero time (`0001-01-01T00:00:00Z`) means "never". */
function time(value: string | undefined): string | undefined {
  return value && !value.startsWith('0001-') ? value : undefined;
}

function ports(c: ContainerInspect): Json[] {
  // Runtime bindings name the real host port; a stopped container only has the configured ones.
  const runtime = c.NetworkSettings?.Ports ?? {};
  const live = Object.values(runtime).some((b) => b && b.length > 0);
  const source: Record<string, PortBinding[] | null> = live ? runtime : (c.HostConfig?.PortBindings ?? {});
  const rows = Object.entries(source).flatMap(([key, bindings]) => {
    const [port = '', protocol = 'tcp'] = key.split('/');
    return (bindings ?? []).map((b) => ({
      containerPort: Number(port),
      protocol,
      hostIp: b.HostIp || '0.0.0.0',
      hostPort: b.HostPort ? Number(b.HostPort) : null,
    }));
  });
  const key = (p: (typeof rows)[number]) => [String(p.containerPort).padStart(5, '0'), p.protocol, p.hostIp, String(p.hostPort ?? '').padStart(5, '0')].join(' ');
  return [...new Map(rows.map((p) => [key(p), p])).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => p);
}

export interface MountRow { type: string; source: string; destination: string; readOnly: boolean }

/** Volumes, bind mounts and tmpfs (`--tmpfs` is only in HostConfig.Tmpfs, `--mount type=tmpfs` in Mounts). */
export function mounts(c: ContainerInspect): MountRow[] {
  const rows: MountRow[] = (c.Mounts ?? []).map((m) => ({
    type: m.Type ?? 'unknown',
    source: m.Type === 'volume' ? (m.Name ?? '') : (m.Source ?? ''),
    destination: m.Destination ?? '',
    readOnly: m.RW === false,
  }));
  for (const [destination, options] of Object.entries(c.HostConfig?.Tmpfs ?? {})) {
    if (!rows.some((r) => r.destination === destination)) {
      rows.push({ type: 'tmpfs', source: '', destination, readOnly: options.split(',').includes('ro') });
    }
  }
  return rows.sort((a, b) => a.destination.localeCompare(b.destination) || a.source.localeCompare(b.source));
}

/** Where the container's data survives it: nowhere ('none'), in volumes, in host folders, or both. */
export function persistence(rows: readonly MountRow[]): 'none' | 'volume' | 'bind' | 'mixed' {
  const volume = rows.some((r) => r.type === 'volume');
  const bind = rows.some((r) => r.type === 'bind');
  return volume && bind ? 'mixed' : volume ? 'volume' : bind ? 'bind' : 'none';
}

/**
 * A command line as it may be stored: `--password=x`, `--token x` and token-looking words are
 * redacted, URL credentials stripped. Idempotent, so replaying sanitized raw gives the same text.
 */
export function redactArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  let hideNext = false;
  for (const arg of args) {
    const flag = /^(-{0,2}[A-Za-z0-9_.-]+)=(.*)$/s.exec(arg); // --password=x, API_TOKEN=x
    if (hideNext && !arg.startsWith('-')) out.push(REDACTED);
    else if (flag?.[1] && looksSecret(flag[1], flag[2] ?? '')) out.push(`${flag[1]}=${REDACTED}`);
    else if (looksSecret('', arg)) out.push(REDACTED);
    else out.push(stripUrlCredentials(arg));
    hideNext = /^-{1,2}[A-Za-z0-9_.-]+$/.test(arg) && looksSecret(arg, '');
  }
  return out;
}

/**
 * `addr=nas,username=bob,password=x` (labels, CIFS volume options): each secret-looking pair is
 * redacted, then the whole value as `redactValue` does. Idempotent.
 */
export function redactOptionString(key: string, value: string): string {
  const pairs = value.split(',').map((pair) => {
    const eq = pair.indexOf('=');
    return eq > 0 && looksSecret(pair.slice(0, eq), pair.slice(eq + 1)) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
  });
  return redactValue(key, pairs.join(','));
}

function imageDigest(c: ContainerInspect, images: ReadonlyMap<string, ImageInspect>): string | null {
  const ref = c.Config?.Image ?? '';
  if (ref.includes('@sha256:')) return ref; // pinned by digest in the run command or compose file
  const digests = images.get(c.Image ?? '')?.RepoDigests ?? [];
  const repo = ref.replace(/:[^:/]+$/, '');
  return digests.find((d) => d.startsWith(`${repo}@`)) ?? digests[0] ?? null;
}

function compose(labels: Record<string, string>): Json {
  const project = labels[COMPOSE.project];
  const service = labels[COMPOSE.service];
  if (!project || !service) return null;
  const out: Record<string, Json> = { project, service };
  const workingDir = labels[COMPOSE.workingDir];
  const configFiles = labels[COMPOSE.configFiles];
  if (workingDir) out['workingDir'] = workingDir;
  if (configFiles) out['configFiles'] = configFiles.split(',').filter(Boolean);
  return out;
}

/** User-defined networks the container is attached to (the built-in ones are in `networkMode`). */
export function userNetworks(c: ContainerInspect): string[] {
  return Object.keys(c.NetworkSettings?.Networks ?? {}).filter((n) => !BUILTIN_NETWORKS.has(n)).sort();
}

export function containerAttributes(c: ContainerInspect, images: ReadonlyMap<string, ImageInspect>): Record<string, Json> {
  const labels = c.Config?.Labels ?? {};
  const rows = mounts(c);
  const health = c.State?.Health;
  const attributes: Record<string, Json> = {
    image: c.Config?.Image ?? c.Image ?? null,
    imageId: c.Image ?? null,
    imageDigest: imageDigest(c, images),
  };
  const createdAt = time(c.Created);
  const startedAt = time(c.State?.StartedAt);
  if (createdAt) attributes['createdAt'] = createdAt;
  if (startedAt) attributes['startedAt'] = startedAt;
  Object.assign(attributes, {
    restartPolicy: { name: c.HostConfig?.RestartPolicy?.Name || 'no', maximumRetryCount: c.HostConfig?.RestartPolicy?.MaximumRetryCount ?? 0 },
    health: health?.Status ? { status: health.Status, failingStreak: health.FailingStreak ?? 0 } : null,
    ports: ports(c),
    mounts: rows as unknown as Json[],
    persistence: persistence(rows),
    networks: Object.keys(c.NetworkSettings?.Networks ?? {}).sort(),
    networkMode: c.HostConfig?.NetworkMode ?? null,
    compose: compose(labels),
    // Names only: values are where passwords live, and they are never kept.
    envNames: [...new Set(envEntries(c).map(([name]) => name))].sort(),
    labels: redactLabels(Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, redactOptionString(k, String(v))]))),
  });
  if (c.Path) attributes['command'] = redactArgs([c.Path, ...(c.Args ?? [])]).join(' ');
  return attributes;
}
