import { z } from 'astro/zod';
import type { Collector, FetchContext, Observation, RawOutput } from '../collector.ts';
import type { EntityInput } from '../../../src/schemas/lab.ts';
import { errorChain } from '../error-chain.ts';
import { ids } from '../identity.ts';
import { redactDeep, stripUrlCredentials } from '../redact.ts';
import { safeJson } from '../safe-json.ts';

export const CaddyConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('caddy'),
  /** Caddy's admin API (`http://127.0.0.1:2019`); it has no auth of its own, so no credentials here. */
  url: z.url().refine((u) => !/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(u), 'must not contain credentials'),
  /** The host Caddy runs on, recorded as each route's `server`. */
  host: z.string().min(1).optional(),
});
export type CaddyConfig = z.infer<typeof CaddyConfigSchema>;

const CONFIG = 'config.json';

/**
 * The parts of Caddy's JSON config the walk needs. Handlers are open-ended (any module), so they
 * stay loose: only `handler`, `upstreams`, `routes` (subroute) and `handle_response` are read.
 */
interface CaddyRoute {
  match?: { host?: string[] }[];
  handle?: CaddyHandler[];
}
interface CaddyHandler {
  handler?: string;
  upstreams?: { dial?: string }[];
  routes?: CaddyRoute[];
  handle_response?: { routes?: CaddyRoute[] }[];
}
interface CaddyServer {
  listen?: string[];
  routes?: CaddyRoute[];
  tls_connection_policies?: unknown[];
  automatic_https?: { disable?: boolean };
}
interface CaddyDocument {
  apps?: { http?: { https_port?: number; servers?: Record<string, CaddyServer> } };
}

async function fetchConfig(config: CaddyConfig, ctx: FetchContext): Promise<RawOutput> {
  const url = `${config.url.replace(/\/+$/, '')}/config/`;
  let text: string;
  try {
    text = await ctx.get(url);
  } catch (error) {
    const detail = errorChain(error);
    const next = /ECONNREFUSED/.test(detail)
      ? 'Connection refused: is Caddy running, and is its admin API enabled on that address (admin.listen)?'
      : /\b403\b/.test(detail)
        ? "Caddy's admin API refused the request: add this host to admin.origins, or pull from the Caddy host."
        : /\b404\b/.test(detail)
          ? 'No config API there: is url the admin endpoint (port 2019 by default), not a site?'
          : 'Check that url is Caddy’s admin endpoint and reachable from here (it listens on localhost by default).';
    throw new Error(`caddy source ${config.name}: GET ${url} failed: ${stripUrlCredentials(detail.trim())}. ${next}`, { cause: error });
  }
  const doc = safeJson(text);
  // An empty Caddy answers `null`; anything that is not an object is not Caddy's config.
  if (doc !== null && (typeof doc !== 'object' || Array.isArray(doc))) {
    throw new Error(`caddy source ${config.name}: ${url} did not answer with a Caddy JSON config. Is url the admin endpoint?`);
  }
  return { [CONFIG]: text };
}


interface RouteFacts {
  hostnames: Set<string>;
  listen: Set<string>;
  upstreams: Set<string>;
  tls: boolean;
}

/**
 * Walks routes depth-first. A route's host matcher applies to everything below it (Caddyfile
 * site blocks become a host-matched route whose work is in a `subroute`); an inner route with
 * its own host matcher (`@api host api.example.com` inside a wildcard site) starts its own.
 */
function walk(routes: CaddyRoute[] | undefined, inherited: string[], add: (hosts: string[], dial?: string) => void): void {
  for (const route of routes ?? []) {
    const own = (route.match ?? []).flatMap((m) => m.host ?? []);
    const hosts = own.length > 0 ? own : inherited;
    add(hosts);
    for (const h of route.handle ?? []) {
      for (const u of h.upstreams ?? []) if (u.dial) add(hosts, u.dial);
      walk(h.routes, hosts, add);
      for (const r of h.handle_response ?? []) walk(r.routes, hosts, add);
    }
  }
}

export function parseCaddy(raw: RawOutput, config: CaddyConfig): Observation {
  const text = raw[CONFIG];
  if (text === undefined) throw new Error(`caddy source ${config.name}: raw output has no ${CONFIG}`);
  const doc = (JSON.parse(text) ?? {}) as CaddyDocument;
  const httpsPort = doc.apps?.http?.https_port ?? 443;
  const byHost = new Map<string, RouteFacts>();
  for (const [, server] of Object.entries(doc.apps?.http?.servers ?? {}).sort(([a], [b]) => cmp(a, b))) {
    const listen = server.listen ?? [];
    // Caddy serves TLS on a server with explicit policies, or (automatic HTTPS) on the HTTPS port.
    const tls = server.tls_connection_policies !== undefined ||
      (server.automatic_https?.disable !== true && listen.some((l) => l.endsWith(`:${httpsPort}`)));
    walk(server.routes, [], (hosts, dial) => {
      for (const host of hosts) {
        const key = host.toLowerCase();
        const facts = byHost.get(key) ?? { hostnames: new Set(), listen: new Set(), upstreams: new Set(), tls: false };
        for (const h of hosts) facts.hostnames.add(h.toLowerCase());
        for (const l of listen) facts.listen.add(l);
        if (dial) facts.upstreams.add(stripUrlCredentials(dial));
        facts.tls ||= tls;
        byHost.set(key, facts);
      }
    });
  }
  const entities: EntityInput[] = [...byHost.entries()].map(([host, f]) => ({
    id: ids.route(host),
    kind: 'route',
    name: host,
    sources: [config.name],
    aliases: [],
    attributes: {
      hostnames: [...f.hostnames].sort(cmp),
      listen: [...f.listen].sort(cmp),
      // Dial strings (`backend:8080`, `{upstream}` placeholders too): the merge step resolves them.
      upstreams: [...f.upstreams].sort(cmp),
      server: config.host ?? null,
      tls: f.tls,
    },
  }));
  // Caddy's routes say nothing about hosts or containers by id: no edges until the merge step.
  return { entities: entities.sort((a, b) => cmp(a.id, b.id)), edges: [] };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sanitizeCaddy(raw: RawOutput): RawOutput {
  const text = raw[CONFIG];
  const doc = text === undefined ? undefined : safeJson(text);
  if (doc === undefined) return { ...raw };
  return { ...raw, [CONFIG]: `${JSON.stringify(redactDeep(doc), null, 2)}\n` };
}

export const caddyCollector: Collector<CaddyConfig> = {
  type: 'caddy',
  configSchema: CaddyConfigSchema,
  fetch: fetchConfig,
  parse: parseCaddy,
  sanitize: sanitizeCaddy,
};
