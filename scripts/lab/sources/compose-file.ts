import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'astro/zod';
import { parse as parseYaml, stringify as stringifyYaml, YAMLParseError } from 'yaml';
import type { Edge, EntityInput, Json } from '../../../src/schemas/lab.ts';
import type { Collector, Observation, RawOutput } from '../collector.ts';
import { ids } from '../identity.ts';
import { looksSecret, REDACTED, stripUrlCredentials } from '../redact.ts';

/**
 * A Compose file in the user's repository (the `compose.yaml` the lab deploys from): DECLARED
 * state, what is meant to run. Entities get the ids the Docker collector gives the same things
 * (`container:<host>/<name>`, `service:<project>/<service>`, `volume:<host>/<project>_<volume>`),
 * so declared and observed entities merge; edges carry `{ kind: 'declared', file }` evidence.
 * No status: a file observes nothing.
 */
export const ComposeFileConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('compose-file'),
  /** Path relative to the project (`deploy/nas/compose.yaml`), YAML, or JSON from `docker compose config --format json`. */
  file: z.string().min(1),
  /** Host the file is deployed on (as the Docker source names it). */
  host: z.string().min(1),
  /** Compose project name. Default: the file's top-level `name:`, else its folder's name (normalised as Compose does). */
  project: z.string().min(1).optional(),
  /**
   * Absolute folder the file is deployed from on the host (Docker's `com.docker.compose.project.working_dir`
   * label); relative bind mounts (`./data`) resolve against it. Default: the compose file's folder in the project.
   */
  workingDir: z.string().min(1).optional(),
});
export type ComposeFileConfig = z.infer<typeof ComposeFileConfigSchema>;

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => !!v && typeof v === 'object' && !Array.isArray(v);

/** Raw file name: `compose.json` for a `.json` config, else `compose.yaml`. */
export function rawFileName(file: string): string {
  return /\.json$/i.test(file) ? 'compose.json' : 'compose.yaml';
}

/** YAML (or JSON, which is YAML) → the top-level mapping; one-line errors naming the file and line. */
export function readComposeText(text: string, file: string): Dict {
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 1000 });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0]?.line;
      const what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new Error(`Compose file ${file}${line ? `, line ${line}` : ''}: YAML syntax error: ${what}`, { cause: error });
    }
    throw new Error(`Compose file ${file}, line 1: cannot read it: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  if (!isDict(doc)) {
    const found = doc === null || doc === undefined ? 'an empty document' : Array.isArray(doc) ? 'a list' : `a ${typeof doc}`;
    throw new Error(`Compose file ${file}, line 1: expected a mapping with \`services:\`, found ${found}.`);
  }
  if (doc['services'] !== undefined && !isDict(doc['services'])) {
    throw new Error(`Compose file ${file}: \`services:\` must be a mapping of service name → definition.`);
  }
  return doc;
}

/**
 * Environment VALUES removed (keys kept: `K=V` → `K`, map values → null), secret-looking values
 * redacted (by key or by shape), URL credentials stripped. Idempotent.
 */
export function sanitizeCompose(doc: Dict): Dict {
  const scrub = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return looksSecret(key, value) ? REDACTED : stripUrlCredentials(value);
    if (Array.isArray(value)) return value.map((v) => scrub(v, key));
    if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
    return value;
  };
  const services = isDict(doc['services']) ? doc['services'] : {};
  const out: Dict = { ...doc, services: Object.fromEntries(Object.entries(services).map(([name, s]) => {
    if (!isDict(s)) return [name, s];
    const copy: Dict = { ...s };
    if ('environment' in copy) copy['environment'] = environmentNames(copy['environment']).reduce<Dict>((m, k) => ((m[k] = null), m), {});
    for (const key of ['build']) {
      const build = copy[key];
      if (isDict(build) && 'args' in build) copy[key] = { ...build, args: environmentNames(build['args']).reduce<Dict>((m, k) => ((m[k] = null), m), {}) };
    }
    return [name, copy];
  })) };
  return scrub(out, '') as Dict;
}

/** Names of `environment:` in either form: list of `K=V` / `K`, or a map. */
export function environmentNames(env: unknown): string[] {
  const names = Array.isArray(env)
    ? env.map((e) => String(e).split('=')[0]?.trim() ?? '')
    : isDict(env) ? Object.keys(env) : [];
  return [...new Set(names.filter(Boolean))].sort();
}

/** Compose's project-name rule: lower case, only `a-z 0-9 _ -`, starting with a letter or digit. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

interface Mount { type: 'volume' | 'bind' | 'tmpfs' | 'anonymous' | string; source: string; target: string; readOnly: boolean }

/** `volumes:` entries, short (`src:target[:mode]`) or long (`{ type, source, target }`). */
function serviceMounts(volumes: unknown, workingDir: string): Mount[] {
  if (!Array.isArray(volumes)) return [];
  const resolve = (p: string) => (p.startsWith('~') ? p : path.posix.resolve(workingDir, p));
  const isPath = (s: string) => /^[./~]/.test(s) || /^[A-Za-z]:[\\/]/.test(s);
  const rows: Mount[] = [];
  for (const v of volumes) {
    if (typeof v === 'string') {
      const parts = v.split(':');
      if (parts.length === 1) { rows.push({ type: 'anonymous', source: '', target: v, readOnly: false }); continue; }
      const [source = '', target = '', mode = ''] = parts;
      const bind = isPath(source);
      rows.push({ type: bind ? 'bind' : 'volume', source: bind ? resolve(source) : source, target, readOnly: mode.split(',').includes('ro') });
    } else if (isDict(v)) {
      const type = String(v['type'] ?? 'volume');
      const source = typeof v['source'] === 'string' ? v['source'] : '';
      const target = String(v['target'] ?? '');
      const readOnly = v['read_only'] === true;
      if (type === 'bind') rows.push({ type, source: resolve(source), target, readOnly });
      else if (type === 'volume') rows.push({ type: source ? 'volume' : 'anonymous', source, target, readOnly });
      else rows.push({ type, source, target, readOnly });
    }
  }
  return rows.sort((a, b) => a.target.localeCompare(b.target) || a.source.localeCompare(b.source));
}

/** `ports:` short (`[ip:]host:container[/proto]`) or long, as the Docker collector's rows. */
function servicePorts(ports: unknown): Json[] {
  if (!Array.isArray(ports)) return [];
  const num = (v: unknown): number | string | null => {
    if (v === undefined || v === null || v === '') return null;
    const s = String(v);
    return /^\d+$/.test(s) ? Number(s) : s; // ranges (`8000-8010`) and `${VAR}` stay text
  };
  return ports.map((p): Json => {
    if (isDict(p)) return { containerPort: num(p['target']), protocol: String(p['protocol'] ?? 'tcp'), hostIp: String(p['host_ip'] ?? '0.0.0.0'), hostPort: num(p['published']) };
    const [spec = '', protocol = 'tcp'] = String(p).split('/');
    const parts = spec.startsWith('[') ? (/^\[([^\]]+)\]:(.*)$/.exec(spec)?.slice(1) ?? [spec]).flatMap((x, i) => (i === 0 ? [x] : x.split(':'))) : spec.split(':');
    const container = parts.at(-1);
    const host = parts.length >= 2 ? parts.at(-2) : undefined;
    const ip = parts.length >= 3 ? parts.slice(0, -2).join(':') : '0.0.0.0';
    return { containerPort: num(container), protocol, hostIp: ip || '0.0.0.0', hostPort: num(host) };
  });
}

/** `depends_on:` list or map → service names. */
function dependsOn(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (isDict(value)) return Object.keys(value);
  return [];
}

/** Networks a service joins (list or map); none named and no `network_mode` → the project's `default`. */
function serviceNetworks(s: Dict): string[] {
  if (s['network_mode'] !== undefined) return [];
  const n = s['networks'];
  const names = Array.isArray(n) ? n.map(String) : isDict(n) ? Object.keys(n) : [];
  return names.length ? names : ['default'];
}

/** The name Docker gives a top-level resource: `name:`, else the key if external, else `<project>_<key>`. */
function resourceName(project: string, key: string, top: unknown): { name: string; external: boolean } {
  const def = isDict(top) ? top[key] : undefined;
  const d = isDict(def) ? def : {};
  const external = d['external'] === true || isDict(d['external']);
  const explicit = typeof d['name'] === 'string' ? d['name'] : isDict(d['external']) && typeof d['external']['name'] === 'string' ? d['external']['name'] : undefined;
  return { name: explicit ?? (external ? key : `${project}_${key}`), external };
}

export function parseComposeFile(raw: RawOutput, config: ComposeFileConfig): Observation {
  const text = raw['compose.yaml'] ?? raw['compose.json'];
  if (text === undefined) throw new Error(`Compose file source "${config.name}": no compose.yaml or compose.json in the raw output.`);
  const doc = readComposeText(text, config.file);
  const topName = typeof doc['name'] === 'string' ? doc['name'] : undefined;
  const project = normalizeProjectName(config.project ?? topName ?? path.basename(path.dirname(path.resolve(config.file))));
  if (!project) throw new Error(`Compose file ${config.file}: cannot tell the project name; set \`project:\` for "${config.name}" in content/lab/sources.yaml.`);
  const workingDir = config.workingDir ?? path.dirname(path.resolve(config.file));
  const host = config.host;
  const hostId = ids.host(host);
  const evidence = [{ kind: 'declared' as const, file: config.file }];

  const entities = new Map<string, EntityInput>();
  const edges = new Map<string, Edge>();
  const put = (e: Omit<EntityInput, 'sources'>) => {
    if (!entities.has(e.id)) entities.set(e.id, { ...e, sources: [config.name] });
  };
  const link = (from: string, to: string, type: Edge['type']) => {
    const key = `${from}\0${to}\0${type}`;
    if (!edges.has(key)) edges.set(key, { from, to, type, evidence: [...evidence] });
  };

  put({ id: hostId, kind: 'host', name: host });
  const services = isDict(doc['services']) ? doc['services'] : {};
  /** Compose v2 names a service's containers `<project>-<service>-<n>` (v1 used `_`); `container_name` overrides (one replica). */
  const containersOf = new Map<string, string[]>();
  for (const [service, def] of Object.entries(services)) {
    const s = isDict(def) ? def : {};
    const deploy = isDict(s['deploy']) ? s['deploy'] : {};
    const replicas = Number(s['scale'] ?? deploy['replicas'] ?? 1);
    const names = typeof s['container_name'] === 'string'
      ? [s['container_name']]
      : Array.from({ length: Number.isInteger(replicas) && replicas > 0 ? replicas : 1 }, (_, i) => `${project}-${service}-${i + 1}`);
    containersOf.set(service, names);
  }

  for (const [service, def] of Object.entries(services)) {
    const s = isDict(def) ? def : {};
    const serviceId = ids.composeService(project, service);
    const mounts = serviceMounts(s['volumes'], workingDir);
    const healthcheck = isDict(s['healthcheck']) ? s['healthcheck']['disable'] !== true && !(Array.isArray(s['healthcheck']['test']) && s['healthcheck']['test'][0] === 'NONE') : false;
    put({
      id: serviceId,
      kind: 'service',
      name: service,
      attributes: {
        project,
        image: typeof s['image'] === 'string' ? s['image'] : null,
        declared: true,
        ports: servicePorts(s['ports']),
        volumes: mounts.map((m) => ({ type: m.type, source: m.source || null, target: m.target, readOnly: m.readOnly })),
        environmentNames: environmentNames(s['environment']),
        restart: typeof s['restart'] === 'string' ? s['restart'] : null,
        healthcheck,
      },
    });
    for (const name of containersOf.get(service) ?? []) {
      const id = ids.container(host, name);
      put({ id, kind: 'container', name, attributes: { image: typeof s['image'] === 'string' ? s['image'] : null, compose: { project, service }, declared: true } });
      link(id, serviceId, 'member-of');
      link(id, hostId, 'runs-on');
      for (const m of mounts) {
        if (m.type === 'volume' && m.source) {
          const { name: volume, external } = resourceName(project, m.source, doc['volumes']);
          const volumeId = ids.volume(host, volume);
          put({ id: volumeId, kind: 'volume', name: volume, attributes: { external } });
          link(id, volumeId, 'stores-on');
        } else if (m.type === 'bind' && m.source) {
          const bindId = ids.bindMount(host, m.source);
          put({ id: bindId, kind: 'bind-mount', name: m.source, attributes: { hostPath: m.source } });
          link(id, bindId, 'stores-on');
        }
      }
      for (const n of serviceNetworks(s)) {
        const { name: network, external } = resourceName(project, n, doc['networks']);
        const networkId = ids.network(host, network);
        put({ id: networkId, kind: 'network', name: network, attributes: { external } });
        link(id, networkId, 'member-of');
      }
      for (const dep of dependsOn(s['depends_on'])) {
        for (const target of containersOf.get(dep) ?? []) link(id, ids.container(host, target), 'depends-on');
      }
    }
  }

  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    entities: [...entities.values()].sort((a, b) => cmp(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.type, b.type)),
  };
}

/** The file as raw output: environment values removed, secrets redacted, comments dropped. */
export function sanitizeComposeRaw(raw: RawOutput, config: ComposeFileConfig): RawOutput {
  const out: RawOutput = {};
  for (const [file, text] of Object.entries(raw)) {
    const clean = sanitizeCompose(readComposeText(text, config.file));
    out[file] = file.endsWith('.json') ? `${JSON.stringify(clean, null, 2)}\n` : stringifyYaml(clean, { lineWidth: 0 });
  }
  return out;
}

async function fetchComposeFile(config: ComposeFileConfig): Promise<RawOutput> {
  let text: string;
  try {
    text = await readFile(path.resolve(config.file), 'utf8');
  } catch (error) {
    throw new Error(`Compose file source "${config.name}": cannot read ${config.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); \`file:\` is relative to the project root.`, { cause: error });
  }
  return sanitizeComposeRaw({ [rawFileName(config.file)]: text }, config);
}

export const composeFileCollector: Collector<ComposeFileConfig> = {
  type: 'compose-file',
  configSchema: ComposeFileConfigSchema,
  fetch: (config) => fetchComposeFile(config),
  parse: parseComposeFile,
  sanitize: sanitizeComposeRaw,
};
