/** What every probe gets: a signal that ends it (timeout or Ctrl-C) and the environment. */
export interface ProbeContext {
  signal: AbortSignal;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
}

/** What a probe saw. A probe that cannot reach its target returns ok: false; it never throws. */
export interface ProbeResult {
  ok: boolean;
  ms: number;
  detail: string;
}

/** One probe type: checks and says what it saw (`200 in 12 ms`, `connection refused`). */
export type ProbeCheck<P> = (probe: P, context: ProbeContext) => Promise<{ ok: boolean; detail: string }>;

/** The innermost cause of a network error, in words (`ECONNREFUSED 127.0.0.1:80`), not `fetch failed`. */
export function networkReason(error: unknown): string {
  let e = error as { message?: string; code?: string; cause?: unknown; name?: string } | undefined;
  while (e?.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'no answer before the timeout';
  return e?.message ?? String(error);
}
