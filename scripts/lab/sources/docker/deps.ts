import { BUILTIN_NETWORKS, COMPOSE, containerName, type ContainerInspect } from './raw.ts';

/**
 * Which containers a container talks to, from what Docker knows: Compose `depends_on`,
 * environment values naming another container, legacy links, a shared network namespace.
 * Sharing a network is NOT a dependency: it only yields `member-of` edges.
 */

/** A dependency between two containers, by Docker id; `via` says how it was inferred. */
export interface Dependency { from: string; to: string; via: string }

/** Names another container can be reached by: container names, Compose services, network aliases. */
export interface NameIndex {
  byName: Map<string, Set<string>>;
  /** project → service → container ids. */
  byService: Map<string, Map<string, Set<string>>>;
  byAlias: Map<string, Set<string>>;
}

function add(map: Map<string, Set<string>>, key: string, id: string): void {
  const k = key.toLowerCase();
  const set = map.get(k) ?? new Set<string>();
  set.add(id);
  map.set(k, set);
}

/** Network aliases, without the short container id Docker adds to every endpoint. */
export function networkAliases(c: ContainerInspect): string[] {
  const names = new Set<string>();
  for (const [network, endpoint] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
    if (BUILTIN_NETWORKS.has(network)) continue; // the built-in networks have no DNS
    for (const alias of [...(endpoint?.Aliases ?? []), ...(endpoint?.DNSNames ?? [])]) {
      if (alias && !c.Id.startsWith(alias)) names.add(alias);
    }
  }
  return [...names].sort();
}

export function buildNameIndex(containers: readonly ContainerInspect[]): NameIndex {
  const index: NameIndex = { byName: new Map(), byService: new Map(), byAlias: new Map() };
  for (const c of containers) {
    add(index.byName, containerName(c), c.Id);
    const labels = c.Config?.Labels ?? {};
    const project = labels[COMPOSE.project];
    const service = labels[COMPOSE.service];
    if (project && service) {
      const services = index.byService.get(project) ?? new Map<string, Set<string>>();
      add(services, service, c.Id);
      index.byService.set(project, services);
    }
    for (const alias of networkAliases(c)) add(index.byAlias, alias, c.Id);
  }
  return index;
}

/**
 * Host names in an environment value: `postgres`, `db:5432`, `a:1,b:2`,
 * `postgres://user:pw@db:5432/app`, `jdbc:postgresql://db/app`, `mongodb://u:p@h1,h2/x`.
 * URL schemes, paths, user names and passwords are never tokens: only whole host names are.
 */
export function hostTokens(value: string): string[] {
  const tokens = new Set<string>();
  for (let item of value.split(/[\s,;]+/)) {
    const scheme = item.indexOf('://');
    if (scheme >= 0) item = item.slice(scheme + 3);
    item = item.split(/[/?#]/, 1)[0] ?? '';
    item = item.slice(item.lastIndexOf('@') + 1); // user:password@host → host
    const match = /^([A-Za-z0-9][A-Za-z0-9_.-]*)(?::\d+)?$/.exec(item);
    if (match?.[1]) tokens.add(match[1]);
  }
  return [...tokens];
}

/** Containers (other than `self`) one token names: by container name, Compose service of the same project, or network alias. */
export function resolveName(index: NameIndex, token: string, self: ContainerInspect): Set<string> {
  const key = token.toLowerCase();
  const project = self.Config?.Labels?.[COMPOSE.project];
  const found = new Set<string>([
    ...(index.byName.get(key) ?? []),
    ...((project && index.byService.get(project)?.get(key)) || []),
    ...(index.byAlias.get(key) ?? []),
  ]);
  found.delete(self.Id);
  return found;
}

/** The tokens of an environment value that name another container: all `sanitize` keeps of it. */
export function matchingTokens(index: NameIndex, value: string, self: ContainerInspect): string[] {
  return hostTokens(value).filter((token) => resolveName(index, token, self).size > 0);
}

function splitEnv(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
}

export function envEntries(c: ContainerInspect): [string, string][] {
  return (c.Config?.Env ?? []).map(splitEnv);
}

/** Every dependency of every container, deduplicated by (from, to, via). */
export function inferDependencies(containers: readonly ContainerInspect[]): Dependency[] {
  const index = buildNameIndex(containers);
  const byIdOrName = (ref: string) =>
    containers.find((c) => c.Id === ref || (ref.length >= 12 && c.Id.startsWith(ref)) || containerName(c) === ref.replace(/^\//, ''));
  const deps = new Map<string, Dependency>();
  const push = (from: string, to: string, via: string) => {
    if (from !== to) deps.set(`${from}\0${to}\0${via}`, { from, to, via });
  };

  for (const c of containers) {
    const labels = c.Config?.Labels ?? {};
    const project = labels[COMPOSE.project];
    // Compose writes `db:service_started:false,cache:service_healthy:true` (older: `db,cache`).
    const dependsOn = labels[COMPOSE.dependsOn];
    if (project && dependsOn) {
      for (const item of dependsOn.split(',')) {
        const service = item.split(':', 1)[0]?.trim().toLowerCase();
        for (const to of (service && index.byService.get(project)?.get(service)) || []) push(c.Id, to, 'compose depends_on');
      }
    }
    for (const [name, value] of envEntries(c)) {
      for (const token of hostTokens(value)) {
        for (const to of resolveName(index, token, c)) push(c.Id, to, `env ${name}`);
      }
    }
    // `--link db:alias` is stored as `/db:/web/alias`.
    for (const link of c.HostConfig?.Links ?? []) {
      const target = byIdOrName(link.split(':', 1)[0] ?? '');
      if (target) push(c.Id, target.Id, 'link');
    }
    // `network_mode: service:vpn` / `--network container:vpn`: it cannot run without the other one.
    const mode = c.HostConfig?.NetworkMode ?? '';
    if (mode.startsWith('container:')) {
      const target = byIdOrName(mode.slice('container:'.length));
      if (target) push(c.Id, target.Id, 'network_mode container');
    }
  }
  return [...deps.values()];
}
