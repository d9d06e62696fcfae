import { z } from 'astro/zod';
import type { Collector, FetchContext, Observation, RawOutput } from '../collector.ts';
import type { EntityInput } from '../../../src/schemas/lab.ts';
import { errorChain } from '../error-chain.ts';
import { httpsGet, TlsOptionsSchema } from '../https-get.ts';
import { ids } from '../identity.ts';
import { redactJsonFiles, stripUrlCredentials } from '../redact.ts';

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, not its value');

export const TraefikConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('traefik'),
  /** API base (`http://127.0.0.1:8080`, or `https://traefik.lab.example` for a router to api@internal); `/api/...` is appended. */
  url: z.url().refine((u) => !/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(u), 'must not contain credentials: put user:password in an env var and name it in basicAuthEnv'),
  /** The host Traefik runs on, recorded as each route's `server`. */
  host: z.string().min(1).optional(),
  /** Env var holding `user:password` for a basic-auth-protected API; read at fetch time, never stored. */
  basicAuthEnv: EnvName.optional(),
  /** How to trust an HTTPS API whose certificate is not in the system store. */
  tls: TlsOptionsSchema.optional(),
});
export type TraefikConfig = z.infer<typeof TraefikConfigSchema>;

const ROUTERS = 'routers.json';
const SERVICES = 'services.json';
const PER_PAGE = 100;
const MAX_PAGES = 100;
/** A 429 is retried once if the server asks to wait at most this long. */
const MAX_RETRY_AFTER_S = 10;

/** What Traefik's `/api/http/routers` lists (only the fields read here). */
interface TraefikRouter {
  name?: string;
  provider?: string;
  rule?: string;
  service?: string;
  entryPoints?: string[];
  status?: string;
  tls?: unknown;
  priority?: number;
}
/** What `/api/http/services` lists: one of loadBalancer, weighted, mirroring, failover. */
interface TraefikService {
  name?: string;
  provider?: string;
  loadBalancer?: { servers?: { url?: string }[] };
  weighted?: { services?: { name?: string }[] };
  mirroring?: { service?: string; mirrors?: { name?: string }[] };
  failover?: { service?: string; fallback?: string };
}


export interface TraefikFetchOptions {
  /** Per-request timeout for the HTTPS requests made here (ctx.get has the pull's own). */
  timeoutMs?: number;
  /** Cap on a 429's Retry-After this collector waits out (seconds). */
  maxRetryAfterSeconds?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * GET one page. Over HTTPS with `tls` options the request is made here (status and headers known);
 * otherwise through `ctx.get` (its headers are not visible: X-Next-Page is then unknown).
 * A 429 is retried once after Retry-After (≤ 10 s); a second 429, or a longer wait, fails.
 */
async function getPage(config: TraefikConfig, ctx: FetchContext, url: string, headers: Record<string, string>, options: Required<TraefikFetchOptions>): Promise<{ body: string; nextPage?: number }> {
  const useOwn = config.tls !== undefined && url.startsWith('https:');
  for (let attempt = 0; ; attempt++) {
    if (!useOwn) {
      try {
        return { body: await ctx.get(url, { headers }) };
      } catch (error) {
        if (attempt === 0 && /\b429\b/.test(errorChain(error))) {
          await sleep(1000);
          continue;
        }
        throw error;
      }
    }
    const answer = await httpsGet(url, headers, config.tls!, options.timeoutMs);
    if (answer.status === 429) {
      const wait = Number(answer.headers['retry-after'] ?? 1);
      if (attempt === 0 && Number.isFinite(wait) && wait <= options.maxRetryAfterSeconds) {
        await sleep(Math.max(0, wait) * 1000);
        continue;
      }
      throw new Error(`GET ${url}: 429 Too Many Requests${attempt > 0 ? ' again after waiting' : `, Retry-After ${answer.headers['retry-after']} s`}`);
    }
    if (answer.status === 401 || answer.status === 403) throw new Error(`GET ${url}: ${answer.status} ${answer.statusText}: check the credentials (the token's environment variable)`);
    if (answer.status < 200 || answer.status > 299) throw new Error(`GET ${url}: ${answer.status} ${answer.statusText}: ${answer.body.slice(0, 200)}`);
    const next = Number(answer.headers['x-next-page']);
    return { body: answer.body, nextPage: Number.isInteger(next) ? next : undefined };
  }
}

/** What to check, from the error text: one sentence for the message's tail. */
function hint(config: TraefikConfig, detail: string): string {
  if (/\b40[13]\b/.test(detail)) {
    return config.basicAuthEnv
      ? `Traefik's API rejected the credentials: check that $${config.basicAuthEnv} (basicAuthEnv) holds user:password of the API's basicAuth middleware.`
      : "Traefik's API asks for credentials: set basicAuthEnv to the name of an env var holding user:password.";
  }
  if (/certificate rejected|not the pinned/.test(detail)) return 'Check the tls settings of this source.';
  if (/certificate|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|CERT_/i.test(detail)) {
    return "The API's certificate is not trusted here: set tls.caFile, or pin it with tls.fingerprint256, or (last resort) tls.insecure: true. Check the tls settings of this source.";
  }
  if (/\b429\b/.test(detail)) return 'Traefik (or a rate-limit middleware in front of its API) is throttling: pull less often or exempt this client.';
  if (/\b404\b/.test(detail)) return 'No API there: is url the API base (the `traefik` entry point, port 8080, with api.insecure or a router to api@internal)?';
  if (/ECONNREFUSED/.test(detail)) return 'Connection refused: is Traefik running with the API enabled (api: {}) on that address?';
  if (/no answer within/.test(detail)) return 'Is url the API address, and reachable from here (firewall, entry point bound to localhost)?';
  return 'Check that url is the Traefik API base and reachable from here.';
}

/** Reads one list endpoint, every page, into one JSON array text. */
async function fetchList(config: TraefikConfig, ctx: FetchContext, what: 'routers' | 'services', headers: Record<string, string>, options: Required<TraefikFetchOptions>): Promise<string> {
  const base = `${config.url.replace(/\/+$/, '')}/api/http/${what}`;
  const pages: string[] = [];
  const items: unknown[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const url = `${base}?page=${page}&per_page=${PER_PAGE}`;
    let answer: { body: string; nextPage?: number };
    try {
      answer = await getPage(config, ctx, url, headers, options);
    } catch (error) {
      let detail = stripUrlCredentials(errorChain(error).trim());
      // ctx.get may not name the URL (a bare `fetch failed: self-signed certificate`): say which request failed.
      if (!detail.includes(url)) detail = `GET ${url}: ${detail}`;
      // Without headers (ctx.get), a full last page leads to one page too many: Traefik answers 400.
      if (page > 1 && /\b400\b/.test(detail) && /invalid request: page/i.test(detail)) break;
      throw new Error(`traefik source ${config.name}: ${/[.?!]$/.test(detail) ? detail : `${detail}.`} ${hint(config, detail)}`, { cause: error });
    }
    const list = parseList(answer.body, config, url, what);
    pages.push(answer.body);
    items.push(...list);
    const more = answer.nextPage !== undefined ? answer.nextPage > page : list.length >= PER_PAGE;
    if (!more) break;
  }
  // One page is kept exactly as Traefik answered; several are joined into one array, Traefik's style.
  return pages.length === 1 ? pages[0]! : JSON.stringify(items, null, '\t');
}

function parseList(text: string, config: TraefikConfig, url: string, what: string): unknown[] {
  const head = text.trimStart().slice(0, 200);
  if (head.startsWith('<')) {
    throw new Error(`traefik source ${config.name}: ${url} answered with an HTML page, not JSON (a login page or the dashboard?). Point url at the API base, and if a forward-auth middleware guards it, reach the API entry point directly or use basicAuthEnv.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`traefik source ${config.name}: ${url} did not answer with valid JSON (${(error as Error).message}; ${text.length} bytes): a cut-off answer or not Traefik's API. Check url, then pull again.`, { cause: error });
  }
  if (!Array.isArray(doc)) {
    throw new Error(`traefik source ${config.name}: ${url} did not answer with a list of ${what}. Is url the Traefik API base (without /api)?`);
  }
  return doc;
}

export async function fetchTraefik(config: TraefikConfig, ctx: FetchContext, options: TraefikFetchOptions = {}): Promise<RawOutput> {
  const opts: Required<TraefikFetchOptions> = { timeoutMs: options.timeoutMs ?? 30_000, maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? MAX_RETRY_AFTER_S };
  const headers: Record<string, string> = { accept: 'application/json' };
  if (config.basicAuthEnv) {
    const secret = ctx.env[config.basicAuthEnv]; // read at fetch time, never stored
    if (!secret) throw new Error(`traefik source ${config.name}: $${config.basicAuthEnv} (basicAuthEnv) is not set or empty; export user:password before pulling.`);
    if (!secret.includes(':')) throw new Error(`traefik source ${config.name}: $${config.basicAuthEnv} (basicAuthEnv) must hold user:password.`);
    headers['authorization'] = `Basic ${Buffer.from(secret).toString('base64')}`;
  }
  return {
    [ROUTERS]: await fetchList(config, ctx, 'routers', headers, opts),
    [SERVICES]: await fetchList(config, ctx, 'services', headers, opts),
  };
}

/** Host names a rule matches exactly: every argument of Host()/HostHeader() not directly negated. */
export function ruleHostnames(rule: string): string[] {
  const out: string[] = [];
  for (const m of rule.matchAll(/(!\s*)?\b(?:Host|HostHeader)\s*\(([^)]*)\)/g)) {
    if (m[1]) continue;
    for (const a of m[2]!.matchAll(/`([^`]*)`|"((?:[^"\\]|\\.)*)"/g)) {
      const name = (a[1] ?? a[2] ?? '').trim().toLowerCase();
      if (name) out.push(name);
    }
  }
  return [...new Set(out)];
}

/** `http://10.42.0.3:80` → `10.42.0.3:80`; the port from the scheme when absent. */
function upstreamOf(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return `${u.hostname}:${port}`;
  } catch {
    return stripUrlCredentials(url);
  }
}

/** A service reference as Traefik resolves it: without `@provider`, the referrer's provider. */
function qualify(name: string, provider: string | undefined): string {
  return name.includes('@') || !provider ? name : `${name}@${provider}`;
}

function providerOf(item: { name?: string; provider?: string }): string | undefined {
  return item.provider ?? item.name?.split('@')[1];
}

/** Upstreams of a service, through weighted, mirroring and failover children (cycles cut). */
function upstreamsOf(name: string, services: Map<string, TraefikService>, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const s = services.get(name);
  if (!s) return [];
  const provider = providerOf(s);
  const children = [
    ...(s.weighted?.services ?? []).map((c) => c.name),
    s.mirroring?.service, ...(s.mirroring?.mirrors ?? []).map((c) => c.name),
    s.failover?.service, s.failover?.fallback,
  ].filter((c): c is string => typeof c === 'string' && c.length > 0);
  return [
    ...(s.loadBalancer?.servers ?? []).flatMap((srv) => (srv.url ? [upstreamOf(srv.url)] : [])),
    ...children.flatMap((c) => upstreamsOf(qualify(c, provider), services, seen)),
  ];
}

function readArray<T>(raw: RawOutput, file: string, config: TraefikConfig): T[] {
  const text = raw[file];
  if (text === undefined) throw new Error(`traefik source ${config.name}: raw output has no ${file}`);
  const doc = JSON.parse(text) as unknown;
  if (doc === null) return [];
  if (!Array.isArray(doc)) throw new Error(`traefik source ${config.name}: ${file} is not a JSON array`);
  return doc as T[];
}

const STATUS_RANK: Record<string, number> = { enabled: 0, warning: 1, disabled: 2 };

/**
 * One `route:<hostname>` per host name in a Host()/HostHeader() matcher. Routers with no such
 * matcher (PathPrefix only, HostRegexp, the internal api/dashboard routers) give no route: their
 * host names cannot be listed. Several routers on one host name (path-based routing) become one
 * route: `rule`, `router`, `service`, `entryPoints`… describe the first router (enabled first,
 * then Traefik's priority), `routers` lists them all, `upstreams` and `hostnames` join those of
 * every router that is not disabled.
 */
export function parseTraefik(raw: RawOutput, config: TraefikConfig): Observation {
  const routers = readArray<TraefikRouter>(raw, ROUTERS, config);
  const services = new Map(readArray<TraefikService>(raw, SERVICES, config).filter((s) => s.name).map((s) => [s.name!, s]));
  const byHost = new Map<string, TraefikRouter[]>();
  for (const r of routers) {
    for (const host of ruleHostnames(r.rule ?? '')) byHost.set(host, [...(byHost.get(host) ?? []), r]);
  }
  const order = (a: TraefikRouter, b: TraefikRouter) =>
    (STATUS_RANK[a.status ?? ''] ?? 1) - (STATUS_RANK[b.status ?? ''] ?? 1) ||
    (b.priority ?? (b.rule ?? '').length) - (a.priority ?? (a.rule ?? '').length) ||
    cmp(a.name ?? '', b.name ?? '');
  const entities: EntityInput[] = [...byHost.entries()].map(([host, found]) => {
    const rs = [...found].sort(order);
    const first = rs[0]!;
    const live = rs.filter((r) => r.status !== 'disabled');
    const serviceOf = (r: TraefikRouter) => (r.service ? qualify(r.service, providerOf(r)) : null);
    return {
      id: ids.route(host),
      kind: 'route',
      name: host,
      sources: [config.name],
      aliases: [],
      attributes: {
        hostnames: [...new Set((live.length ? live : rs).flatMap((r) => ruleHostnames(r.rule ?? '')))].sort(cmp),
        rule: first.rule ?? '',
        entryPoints: [...(first.entryPoints ?? [])].sort(cmp),
        router: first.name ?? null,
        service: serviceOf(first),
        status: first.status ?? 'enabled',
        tls: live.some((r) => r.tls !== undefined && r.tls !== null),
        // URLs of the load balancers' servers as host:port: the merge step resolves them.
        upstreams: [...new Set(live.flatMap((r) => { const s = serviceOf(r); return s ? upstreamsOf(s, services) : []; }))].sort(cmp),
        server: config.host ?? null,
        routers: rs.map((r) => ({ name: r.name ?? null, rule: r.rule ?? '', service: serviceOf(r), status: r.status ?? 'enabled' })),
      },
    };
  });
  // Traefik's API says nothing about hosts or containers by id: no edges until the merge step.
  return { entities: entities.sort((a, b) => cmp(a.id, b.id)), edges: [] };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Routers and services rarely hold secrets, but server URLs can carry user:password and provider
 * metadata can hold tokens. Rule, names and server URLs (without credentials) are kept for parse.
 */
export function sanitizeTraefik(raw: RawOutput): RawOutput {
  return redactJsonFiles(raw, [ROUTERS, SERVICES], '\t');
}

export const traefikCollector: Collector<TraefikConfig> = {
  type: 'traefik',
  configSchema: TraefikConfigSchema,
  fetch: (config, ctx) => fetchTraefik(config, ctx),
  parse: parseTraefik,
  sanitize: sanitizeTraefik,
};
