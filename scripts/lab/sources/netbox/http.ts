import type { FetchContext } from '../../collector.ts';
import { errorChain } from '../../error-chain.ts';
import { stripUrlCredentials } from '../../redact.ts';
import { httpsGet } from '../../https-get.ts';
import type { NetboxConfig } from '../netbox.ts';

export interface NetboxFetchOptions {
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  /** First backoff when no Retry-After is given (ms); doubled per retry. */
  backoffMs?: number;
  /** Longest Retry-After waited out (s); a longer one fails. */
  maxRetryAfterSeconds?: number;
  /** Retries of a 429 or 5xx answer. */
  retries?: number;
}

export type FetchOptions = Required<NetboxFetchOptions>;

export function fetchOptions(o: NetboxFetchOptions = {}): FetchOptions {
  return { timeoutMs: o.timeoutMs ?? 30_000, backoffMs: o.backoffMs ?? 1_000, maxRetryAfterSeconds: o.maxRetryAfterSeconds ?? 60, retries: o.retries ?? 3 };
}

/** At most `n` tasks running at once; the others wait in order. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Thrown for an answer that is retried (429, 5xx) or that ends the pull. */
class HttpStatusError extends Error {
  readonly head: string;
  readonly status: number;
  readonly retryAfter: string | undefined;
  constructor(head: string, detail: string, status: number, retryAfter?: string) {
    super(`${head}${detail}`);
    this.head = head;
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

async function getOnce(url: string, headers: Record<string, string>, config: NetboxConfig, ctx: FetchContext, o: FetchOptions): Promise<string> {
  if (!url.startsWith('https:')) {
    try {
      return await ctx.get(url, { headers });
    } catch (error) {
      // The status as the pull's get words it (`GET url answered 503 …`), not `limit=500` in the URL.
      const m = /(?:: |answered )(429|5\d\d)\b/.exec(errorChain(error));
      if (m) throw new HttpStatusError(stripUrlCredentials(errorChain(error)), '', Number(m[1]));
      throw error;
    }
  }
  const a = await httpsGet(url, headers, config.tls ?? {}, o.timeoutMs);
  if (a.status >= 200 && a.status < 300) return a.body;
  const retryAfter = a.headers['retry-after'];
  const text = a.body.trimStart().startsWith('<') ? '(an HTML page)' : a.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  throw new HttpStatusError(`GET ${url}: ${a.status} ${a.statusText}`, text ? `: ${text}` : '', a.status, typeof retryAfter === 'string' ? retryAfter : undefined);
}

/**
 * One GET through the shared limiter. 429 and 5xx are retried up to `retries` times: after
 * Retry-After (seconds, or an HTTP date) when given, else after an exponential backoff. The
 * slot is given back while waiting, so a throttled endpoint does not hold up the others.
 */
export async function getWithRetry(url: string, headers: Record<string, string>, config: NetboxConfig, ctx: FetchContext, o: FetchOptions, limit: ReturnType<typeof limiter>): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await limit(() => getOnce(url, headers, config, ctx, o));
    } catch (error) {
      if (!(error instanceof HttpStatusError) || !(error.status === 429 || error.status >= 500)) throw error;
      if (attempt >= o.retries) throw new Error(`${error.head} (still after ${o.retries} retries)`);
      let waitMs = o.backoffMs * 2 ** attempt;
      if (error.retryAfter !== undefined) {
        const s = /^\d+$/.test(error.retryAfter.trim()) ? Number(error.retryAfter) : (Date.parse(error.retryAfter) - Date.now()) / 1000;
        if (Number.isFinite(s)) {
          if (s > o.maxRetryAfterSeconds) throw new Error(`${error.head}, Retry-After ${error.retryAfter} s (longer than the ${o.maxRetryAfterSeconds} s waited out)`);
          waitMs = Math.max(0, s) * 1000;
        }
      }
      await sleep(waitMs);
    }
  }
}

/**
 * The next page's URL. NetBox builds `next` from the request's Host and scheme, which behind a
 * reverse proxy is often `http://` or an inner host name: only its path and query are used, on
 * the configured origin, so the token never goes anywhere but to `url`.
 */
export function nextUrl(next: string, base: string): string {
  const n = new URL(next, base);
  const b = new URL(base);
  return `${b.origin}${n.pathname}${n.search}`;
}
