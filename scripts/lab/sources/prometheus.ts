import { z } from 'astro/zod';
import type { Collector, FetchContext, Observation, RawOutput } from '../collector.ts';
import type { Edge, EntityInput } from '../../../src/schemas/lab.ts';
import { errorChain } from '../error-chain.ts';
import { ids } from '../identity.ts';
import { redactLabels, stripUrlCredentials } from '../redact.ts';
import { safeJson } from '../safe-json.ts';

/** Name of an environment variable, so a token itself can never be written into sources.yaml. */
const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, not its value');

export const PrometheusConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('prometheus'),
  /** Base URL of Prometheus (`http://prometheus:9090`), without `/api/v1`. */
  url: z.url().refine((u) => !/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(u), 'must not contain credentials: put a token in an env var and name it in bearerTokenEnv'),
  /** Env var holding a bearer token; read at fetch time, never stored. */
  bearerTokenEnv: EnvName.optional(),
});
export type PrometheusConfig = z.infer<typeof PrometheusConfigSchema>;

const TARGETS = 'targets.json';

/** Only what parse uses; unknown fields are ignored so newer Prometheus versions still parse. */
const TargetSchema = z.object({
  discoveredLabels: z.record(z.string(), z.string()).optional(),
  labels: z.record(z.string(), z.string()).default({}),
  scrapePool: z.string().optional(),
  scrapeUrl: z.string().default(''),
  lastError: z.string().default(''),
  lastScrape: z.string().optional(),
  health: z.string().default('unknown'),
});
const TargetsResponseSchema = z.object({
  status: z.literal('success'),
  data: z.object({ activeTargets: z.array(TargetSchema).nullable().default([]) }),
});

/** Why a request failed, in terms of what the operator should check next. */
function hint(error: unknown, config: PrometheusConfig): string {
  const text = errorChain(error);
  if (/\b40[13]\b/.test(text)) {
    return config.bearerTokenEnv
      ? `Prometheus rejected the token: check that $${config.bearerTokenEnv} holds a valid bearer token.`
      : 'Prometheus asks for credentials: set bearerTokenEnv to the name of an env var holding a token.';
  }
  if (/\b404\b/.test(text)) return 'No targets API there: is url the Prometheus base URL (without /api/v1)?';
  if (/ECONNREFUSED/.test(text)) return 'Connection refused: is Prometheus running and listening on that address?';
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return 'The host name does not resolve: check url.';
  if (/timeout|timed out|abort/i.test(text)) return 'No answer in time: is the host reachable (firewall, VPN)?';
  return 'Check that url points at Prometheus and that it is reachable from here.';
}

async function fetchTargets(config: PrometheusConfig, ctx: FetchContext): Promise<RawOutput> {
  // `state=active`: dropped targets are not monitored and can number thousands (Kubernetes SD).
  const url = `${config.url.replace(/\/+$/, '')}/api/v1/targets?state=active`;
  const headers: Record<string, string> = {};
  if (config.bearerTokenEnv) {
    const token = ctx.env[config.bearerTokenEnv]; // the runner passes process.env: read at fetch time, never stored
    if (!token) throw new Error(`prometheus source ${config.name}: $${config.bearerTokenEnv} (bearerTokenEnv) is not set or empty; export the token before pulling.`);
    headers['Authorization'] = `Bearer ${token}`;
  }
  let text: string;
  try {
    text = await ctx.get(url, { headers });
  } catch (error) {
    throw new Error(`prometheus source ${config.name}: GET ${url} failed: ${stripUrlCredentials(errorChain(error).trim())}. ${hint(error, config)}`, { cause: error });
  }
  if (!TargetsResponseSchema.safeParse(safeJson(text)).success) {
    throw new Error(`prometheus source ${config.name}: ${url} did not answer like Prometheus' targets API (status "success" with data.activeTargets). Is url the Prometheus base URL?`);
  }
  return { [TARGETS]: text };
}


/** `nas.lab:9100` → `nas.lab`, `[::1]:9090` → `::1`, `https://x.example/health` → `x.example`. */
export function instanceHost(instance: string): string | undefined {
  const s = instance.trim();
  if (!s) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    try {
      return new URL(s).hostname.replace(/^\[|\]$/g, '') || undefined;
    } catch {
      return undefined;
    }
  }
  const bracketed = /^\[([^\]]+)\]/.exec(s);
  if (bracketed) return bracketed[1];
  const hostPort = s.split('/')[0] ?? s;
  if ((hostPort.match(/:/g) ?? []).length > 1) return hostPort; // bare IPv6, no port
  return hostPort.replace(/:\d*$/, '') || undefined;
}

const NEVER = /^0001-01-01T/; // Go's zero time: not scraped yet

function status(health: string): 'up' | 'down' | 'unknown' {
  return health === 'up' ? 'up' : health === 'down' ? 'down' : 'unknown';
}

/** Worse health wins when two targets share job and instance (duplicated scrape configs). */
const RANK = { down: 0, unknown: 1, up: 2 } as const;

export function parsePrometheus(raw: RawOutput, config: PrometheusConfig): Observation {
  const text = raw[TARGETS];
  if (text === undefined) throw new Error(`prometheus source ${config.name}: raw output has no ${TARGETS}`);
  const response = TargetsResponseSchema.parse(JSON.parse(text));
  const entities = new Map<string, EntityInput>();
  const edges = new Map<string, Edge>();
  for (const t of response.data.activeTargets ?? []) {
    const job = t.labels['job'] ?? t.scrapePool ?? 'unknown';
    // Stripped before it becomes an id: blackbox-style instances are URLs that may carry user:pass.
    const instance = stripUrlCredentials(t.labels['instance'] ?? t.discoveredLabels?.['__address__'] ?? '');
    if (!instance) continue;
    const id = ids.target(job, instance);
    const entity: EntityInput = {
      id,
      kind: 'target',
      name: `${job}/${instance}`,
      status: status(t.health),
      sources: [config.name],
      aliases: [],
      attributes: {
        job,
        instance,
        scrapeUrl: stripUrlCredentials(t.scrapeUrl),
        health: t.health,
        lastError: stripUrlCredentials(t.lastError),
        // Whether it was ever scraped, not when: the time changes every pull and is not news.
        scraped: Boolean(t.lastScrape && !NEVER.test(t.lastScrape)),
        scrapePool: t.scrapePool ?? job,
        labels: redactLabels(t.labels),
      },
    };
    const previous = entities.get(id);
    if (!previous || RANK[status(t.health)] < RANK[previous.status as keyof typeof RANK]) entities.set(id, entity);
    const host = instanceHost(instance) ?? instanceHost(t.scrapeUrl);
    if (host) {
      const from = ids.host(host);
      edges.set(`${from}\n${id}`, { from, to: id, type: 'monitored-by', evidence: [{ kind: 'observed', source: config.name, via: `prometheus target ${job}` }] });
    }
  }
  return {
    entities: [...entities.values()].sort((a, b) => cmp(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.type, b.type)),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Json = Record<string, unknown>;

/** Redacts label values (discovered ones too: `__param_token`, URLs with user:pass) and URLs. */
export function sanitizePrometheus(raw: RawOutput): RawOutput {
  const text = raw[TARGETS];
  const doc = text === undefined ? undefined : (safeJson(text) as { data?: Record<string, Json[] | null> } | undefined);
  if (!doc?.data) return { ...raw };
  for (const list of [doc.data['activeTargets'], doc.data['droppedTargets']]) {
    for (const t of list ?? []) {
      for (const key of ['labels', 'discoveredLabels']) if (t[key]) t[key] = redactLabels(t[key] as Record<string, string>);
      for (const key of ['scrapeUrl', 'globalUrl', 'lastError']) if (typeof t[key] === 'string') t[key] = stripUrlCredentials(t[key]);
    }
  }
  return { ...raw, [TARGETS]: `${JSON.stringify(doc, null, 2)}\n` };
}

export const prometheusCollector: Collector<PrometheusConfig> = {
  type: 'prometheus',
  configSchema: PrometheusConfigSchema,
  fetch: fetchTargets,
  parse: parsePrometheus,
  sanitize: sanitizePrometheus,
};
