import type { FetchContext } from '../../collector.ts';
import { stripUrlCredentials } from '../../redact.ts';
import { errorChain } from '../../error-chain.ts';
import { safeJson } from '../../safe-json.ts';

export { safeJson };

/**
 * The five instant queries of the node-exporter source: one per metric for the whole fleet, so a
 * pull costs five requests whether Prometheus scrapes 3 hosts or 7,000.
 */
export const METRICS = ['node_uname_info', 'node_os_info', 'node_memory_MemTotal_bytes', 'node_filesystem_size_bytes', 'up'] as const;
export type Metric = (typeof METRICS)[number];

/** Raw output file of one metric's answer: `node_uname_info.json`. */
export const rawFile = (metric: Metric): string => `${metric}.json`;

/**
 * File systems that are no disk (kernel, runtime, per-snap loop mounts, container roots): dropped
 * by Prometheus, so 7,000 hosts' tmpfs mounts never cross the wire. Parse filters again with the
 * linux-host list (`isPseudo`), so both sources list the same file systems.
 */
const EXCLUDED_FSTYPES = [
  'tmpfs', 'devtmpfs', 'ramfs', 'overlay', 'aufs', 'squashfs', 'nsfs', 'autofs', 'proc', 'sysfs', 'devpts', 'cgroup2?',
  'securityfs', 'pstore', 'bpf', 'debugfs', 'tracefs', 'configfs', 'fusectl', 'mqueue', 'hugetlbfs', 'binfmt_misc',
  'rpc_pipefs', 'efivarfs', 'selinuxfs', 'nfsd', 'fuse[.]lxcfs', 'fuse[.]gvfsd-fuse', 'fuse[.]portal', 'fuse[.]snapfuse',
];

/**
 * A PromQL string literal. PromQL strings follow Go's escapes, and every escape JSON.stringify
 * writes (`\"`, `\\`, `\n`, `\uXXXX`) is one of them, so any job name makes a valid selector.
 */
const promqlString = (s: string): string => JSON.stringify(s);

export function queries(job: string | undefined): Record<Metric, string> {
  const selector = (...matchers: string[]) => {
    const all = [...matchers, ...(job === undefined ? [] : [`job=${promqlString(job)}`])];
    return all.length ? `{${all.join(',')}}` : '';
  };
  return {
    node_uname_info: `node_uname_info${selector()}`,
    node_os_info: `node_os_info${selector()}`,
    node_memory_MemTotal_bytes: `node_memory_MemTotal_bytes${selector()}`,
    node_filesystem_size_bytes: `node_filesystem_size_bytes${selector(`fstype!~${promqlString(EXCLUDED_FSTYPES.join('|'))}`)}`,
    up: `up${selector()}`,
  };
}

export interface QueryTarget {
  /** Source name, for messages. */
  name: string;
  /** Prometheus base URL (no `/api/v1`). */
  url: string;
  bearerTokenEnv?: string | undefined;
}

/** The Authorization header from the env var the config names; the token is read now, never stored. */
export function authHeaders(target: QueryTarget, ctx: FetchContext): Record<string, string> {
  if (!target.bearerTokenEnv) return {};
  const token = ctx.env[target.bearerTokenEnv];
  if (!token) throw new Error(`node-exporter source ${target.name}: $${target.bearerTokenEnv} (bearerTokenEnv) is not set or empty; export the token before pulling.`);
  return { Authorization: `Bearer ${token}` };
}

export const queryUrl = (base: string, query: string): string => `${base.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`;

/** Runs one instant query; returns Prometheus' answer as text, or throws one line naming the query. */
export async function instantQuery(target: QueryTarget, ctx: FetchContext, query: string, headers: Record<string, string>): Promise<string> {
  const url = queryUrl(target.url, query);
  let text: string;
  try {
    text = await ctx.get(url, { headers });
  } catch (error) {
    throw new Error(queryFailure(target, query, url, error), { cause: error });
  }
  const doc = safeJson(text) as { status?: unknown; data?: { resultType?: unknown } } | undefined;
  if (doc?.status === 'error') throw new Error(queryFailure(target, query, url, text));
  if (doc?.status !== 'success' || doc.data?.resultType !== 'vector') {
    throw new Error(oneLine(`node-exporter source ${target.name}: query \`${query}\`: ${endpoint(target)} did not answer like Prometheus' query API (status "success" with a vector); is url the Prometheus base URL, without /api/v1? It began: ${JSON.stringify(text.slice(0, 80))}`));
  }
  return text;
}

function endpoint(target: QueryTarget): string {
  return `${stripUrlCredentials(target.url.replace(/\/+$/, ''))}/api/v1/query`;
}

/**
 * One line: the query, what Prometheus said (`errorType: error` from its JSON body, which the pull's
 * `get` puts in its message on a non-2xx answer), and what to check next.
 */
export function queryFailure(target: QueryTarget, query: string, url: string, failure: unknown): string {
  const text = typeof failure === 'string' ? failure : errorChain(failure).replaceAll(url, '<url>');
  const said = prometheusError(text);
  const status = /\b([45]\d\d)\b/.exec(text.replace(/\{"status":"error".*$/s, ''))?.[1];
  let hint = 'Check that url points at Prometheus and that it is reachable from here.';
  if (status === '401' || status === '403') {
    hint = target.bearerTokenEnv
      ? `Prometheus rejected the token: check that $${target.bearerTokenEnv} holds a valid bearer token.`
      : 'Prometheus asks for credentials: set bearerTokenEnv to the name of an env var holding a token.';
  } else if (status === '404') hint = 'No query API there: is url the Prometheus base URL (without /api/v1)?';
  else if (said) hint = said.type === 'bad_data' ? 'Prometheus rejected the query: check the job value in sources.yaml.' : 'Prometheus could not run the query; see its log.';
  const why = said
    ? `Prometheus answered${status ? ` ${status}` : ''} ${said.type}: ${said.error}`
    : stripUrlCredentials(text.replace(/^GET <url>:?\s*/, '').trim()) || 'no answer';
  return oneLine(`node-exporter source ${target.name}: query \`${query}\` at ${endpoint(target)} failed: ${why}. ${hint}`);
}

/** `errorType` and `error` of Prometheus' error body, also when the message cut it short. */
function prometheusError(text: string): { type: string; error: string } | undefined {
  const start = text.indexOf('{"status":"error"');
  if (start < 0) return undefined;
  const body = text.slice(start);
  const whole = safeJson(body) as { errorType?: unknown; error?: unknown } | undefined;
  if (whole && typeof whole.error === 'string') return { type: String(whole.errorType ?? 'error'), error: whole.error };
  const type = /"errorType":"([^"\\]*)"/.exec(body)?.[1] ?? 'error';
  const partial = /"error":"((?:[^"\\]|\\.)*)("?)/.exec(body);
  if (!partial) return { type, error: '(no error text)' };
  const unescaped = safeJson(`"${partial[1]!.replace(/\\$/, '')}"`);
  return { type, error: `${typeof unescaped === 'string' ? unescaped : partial[1]!}${partial[2] ? '' : '…'}` };
}


const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ');

