import { z } from 'astro/zod';
import { TlsOptionsSchema } from '../https-get.ts';
import type { Collector, FetchContext, RawOutput } from '../collector.ts';
import { errorChain } from '../error-chain.ts';
import { redactJsonFiles, stripUrlCredentials } from '../redact.ts';
import { compact, ENDPOINTS, fileOf, type Endpoint } from './netbox/compact.ts';
import { fetchOptions, getWithRetry, limiter, nextUrl, type FetchOptions, type NetboxFetchOptions } from './netbox/http.ts';
import { parseNetbox } from './netbox/parse.ts';

export { parseNetbox } from './netbox/parse.ts';
export type { NetboxFetchOptions } from './netbox/http.ts';

const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable, not its value');

export const NetboxConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('netbox'),
  /** NetBox base URL (`https://netbox.lab.example`); `/api/<endpoint>/` is appended (a trailing `/api` is accepted). */
  url: z.url().refine((u) => !/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(u), 'must not contain credentials: put the API token in an env var and name it in tokenEnv'),
  /** Env var holding the API token (read at fetch time, sent as `Authorization: Token …`, never stored). */
  tokenEnv: EnvName,
  /** How to trust an HTTPS NetBox whose certificate is not in the system store (as for traefik). */
  tls: TlsOptionsSchema.optional(),
  /** Requests in flight at once, across all endpoints. */
  concurrency: z.number().int().min(1).max(32).default(4),
  /** `limit` of each page (NetBox caps it at its MAX_PAGE_SIZE, 1000 by default). */
  pageSize: z.number().int().min(1).max(10_000).default(1000),
});
export type NetboxConfig = z.infer<typeof NetboxConfigSchema>;

/** Guard against a `next` loop: no lab has this many pages of one endpoint. */
const MAX_PAGES = 10_000;

/** An HTTP status in an error text (`GET url: 404 Not Found`, `answered 404`), not a port or `limit=500`. */
const status = (code: string) => new RegExp(`(: |answered )${code}\\b`);

function hint(config: NetboxConfig, detail: string): string {
  if (status('40[13]').test(detail)) return `NetBox rejected the token: check that $${config.tokenEnv} (tokenEnv) holds a valid API token with read permission.`;
  if (/certificate rejected|not the pinned/.test(detail)) return 'Check the tls settings of this source.';
  if (/certificate|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|CERT_/i.test(detail)) return "NetBox's certificate is not trusted here: set tls.caFile, or pin it with tls.fingerprint256, or (last resort) tls.insecure: true.";
  if (status('429').test(detail)) return 'NetBox (or a proxy in front of it) is throttling: lower concurrency or pull less often.';
  if (status('5\\d\\d').test(detail)) return 'NetBox failed to answer: check its logs (and its database and workers), then pull again.';
  if (status('404').test(detail)) return 'No such API there: is url the NetBox base (without /api/…), and is this endpoint in this NetBox version?';
  if (/ECONNREFUSED/.test(detail)) return 'Connection refused: is NetBox running on that address?';
  if (/no answer within/.test(detail)) return 'Is url reachable from here, and NetBox not overloaded (try a smaller pageSize)?';
  return 'Check that url is the NetBox base URL and reachable from here.';
}

/** One page's `results` and `next`, or a one-line error for whatever else came back. */
function readPage(text: string, url: string): { results: unknown[]; next: string | null } {
  if (text.trimStart().startsWith('<')) throw new Error(`${url} answered with an HTML page, not JSON (a login page or a proxy's error page?). Point url at NetBox itself; the API needs only the token`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`${url} did not answer with valid JSON (${(error as Error).message}; ${text.length} bytes): a cut-off answer or not NetBox's API`);
  }
  const page = doc as { results?: unknown; next?: unknown } | null;
  if (!page || typeof page !== 'object' || !Array.isArray(page.results)) throw new Error(`${url} answered JSON without a \`results\` list: not a NetBox list endpoint (is url the NetBox base, without /api/…?)`);
  return { results: page.results, next: typeof page.next === 'string' && page.next ? page.next : null };
}

/** Every page of one endpoint, following `next` (never `count`), as one compacted array. */
async function fetchEndpoint(endpoint: Endpoint, config: NetboxConfig, ctx: FetchContext, headers: Record<string, string>, o: FetchOptions, limit: ReturnType<typeof limiter>): Promise<string> {
  const base = config.url.replace(/\/+$/, '').replace(/\/api$/, '');
  let url: string | null = `${base}/api/${endpoint}/?limit=${config.pageSize}`;
  const seen = new Set<string>();
  const items: unknown[] = [];
  try {
    while (url) {
      if (seen.has(url) || seen.size >= MAX_PAGES) throw new Error(`GET ${url}: \`next\` leads back to a page already read (a pagination loop)`);
      seen.add(url);
      const page = readPage(await getWithRetry(url, headers, config, ctx, o, limit), url);
      items.push(...page.results.map((item) => compact(endpoint, item)));
      url = page.next ? nextUrl(page.next, base) : null;
    }
  } catch (error) {
    const detail = stripUrlCredentials(errorChain(error).replace(/\s*\n\s*/g, ' ').trim());
    throw new Error(`netbox source ${config.name}: ${endpoint}: ${/[.?!]$/.test(detail) ? detail : `${detail}.`} ${hint(config, detail)}`, { cause: error });
  }
  return `${JSON.stringify(items, null, 2)}\n`;
}

/** All endpoints at once, at most `concurrency` requests in flight; the first failure ends the pull. */
export async function fetchNetbox(config: NetboxConfig, ctx: FetchContext, options: NetboxFetchOptions = {}): Promise<RawOutput> {
  const token = ctx.env[config.tokenEnv]; // read at fetch time, never stored
  if (!token) throw new Error(`netbox source ${config.name}: $${config.tokenEnv} (tokenEnv) is not set or empty; export the NetBox API token before pulling.`);
  const headers = { accept: 'application/json', authorization: `Token ${token.trim()}` };
  const o = fetchOptions(options);
  const limit = limiter(config.concurrency);
  const texts = await Promise.all(ENDPOINTS.map((e) => fetchEndpoint(e, config, ctx, headers, o, limit)));
  return Object.fromEntries(ENDPOINTS.map((e, i) => [fileOf(e), texts[i]!]));
}

/** Raw files are already reduced to parse's fields; this also redacts anything secret-looking left in them. */
export function sanitizeNetbox(raw: RawOutput): RawOutput {
  return redactJsonFiles(raw);
}

export const netboxCollector: Collector<NetboxConfig> = {
  type: 'netbox',
  configSchema: NetboxConfigSchema,
  fetch: (config, ctx) => fetchNetbox(config, ctx),
  parse: parseNetbox,
  sanitize: sanitizeNetbox,
};
