import { LAB_SCHEMA_VERSION, type SourceSnapshot } from '../../src/schemas/lab.ts';
import { runCommand } from '../../src/lib/run-command.ts';
import type { FetchContext, RawOutput } from './collector.ts';
import { acquireLock, syncDirectory, writeFileAtomic } from './atomic-file.ts';
import { normalizeObservation } from './normalize.ts';
import { collectorFor } from './registry.ts';
import { loadSourcesConfig, type SourcesConfig } from './sources-config.ts';
import { GENERATED_BY, labPaths, readRaw, readSnapshot, readStatus, writeRaw, writeStatus } from './store.ts';
import { stableJson } from './stable-json.ts';

/** What a pull reports while it runs: the CLI prints these, tests record them. */
export type PullEvent =
  | { type: 'start'; source: string; sourceType: string }
  | { type: 'done'; source: string; ms: number; entities: number; edges: number; changed: boolean }
  | { type: 'failed'; source: string; ms: number; error: string; keptSnapshot: boolean };

export interface PullOptions {
  contentPath: string;
  /** Save each source's raw output (secrets removed) under this folder. */
  record?: string;
  /** Read raw output from this folder instead of the live lab. */
  replay?: string;
  /** Only these sources (by name). */
  only?: string[];
  onEvent?: (event: PullEvent) => void;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
}

/** How often a long pull records statuses so far (see `pullLab`). */
const CHECKPOINT_MS = 5000;

export interface PullResult { ok: string[]; failed: { source: string; error: string }[] }

/** HTTP GET for collectors: a timeout, and an error that names the URL and the status. */
function httpGet(timeoutMs: number) {
  return async (url: string, init?: { headers?: Record<string, string> }): Promise<string> => {
    let res: Response;
    try {
      res = await fetch(url, { headers: init?.headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      const why = err.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (err.cause?.code ?? err.cause?.message ?? err.message);
      throw new Error(`GET ${url}: ${why}. Is the service running and reachable from here?`, { cause: e });
    }
    const text = await res.text();
    if (res.status === 401 || res.status === 403) throw new Error(`GET ${url}: ${res.status} ${res.statusText}: check the credentials (the token's environment variable)`);
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${res.statusText}: ${text.slice(0, 200)}`);
    return text;
  };
}

/** Values of the environment variables the sources name as credentials: they must never be written. */
function secretValues(config: SourcesConfig, env: NodeJS.ProcessEnv): string[] {
  const names = config.sources.flatMap((s) => Object.entries(s).filter(([k, v]) => /Env$/.test(k) && typeof v === 'string').map(([, v]) => v as string));
  return names.map((n) => env[n]).filter((v): v is string => typeof v === 'string' && v.length >= 4);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: gave up after ${ms / 1000} s (timeoutSeconds in sources.yaml)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Pulls every configured source. A source that fails keeps its last good snapshot and is marked
 * stale with the error and the time of its last success; good data is never replaced by nothing.
 */
export async function pullLab(options: PullOptions): Promise<PullResult> {
  const now = options.now ?? (() => new Date());
  const env = options.env ?? process.env;
  const paths = labPaths(options.contentPath);
  const config = loadSourcesConfig(options.contentPath);
  const secrets = secretValues(config, env);
  const timeoutMs = config.timeoutSeconds * 1000;
  const lock = await acquireLock(paths.lock);
  const result: PullResult = { ok: [], failed: [] };
  const statuses = readStatus(paths.status);
  // pull-status.json holds every source: rewriting it after each one was quadratic (177 of 354 s
  // for 6,622 sources). It is written at the end (finally: a thrown error too), on SIGINT/SIGTERM
  // before exiting, and at most every CHECKPOINT_MS meanwhile, so even a pull killed with -9
  // loses only the last few seconds of statuses; a source whose status was not recorded keeps its
  // previous one, as if it had not been pulled yet.
  let lastWrite = performance.now();
  const saveStatus = () => {
    writeStatus(paths.status, statuses);
    lastWrite = performance.now();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    saveStatus();
    lock.release();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  let wroteSnapshots = false;
  try {
    const selected = config.sources.filter((s) => !options.only?.length || options.only.includes(s.name));
    for (const source of selected) {
      const collector = collectorFor(source.type);
      const started = performance.now();
      const attempt = now().toISOString();
      const previous = readSnapshot(paths.snapshot(source.name));
      options.onEvent?.({ type: 'start', source: source.name, sourceType: source.type });
      try {
        const ctx: FetchContext = { source: source.name, run: (f, a, o) => runCommand(f, a, { timeout: timeoutMs, ...o }), get: httpGet(timeoutMs), env };
        const raw: RawOutput = options.replay ? readRaw(options.replay, source.name) : await withTimeout(collector.fetch(source, ctx), timeoutMs, `source ${source.name}`);
        const { entities, edges } = normalizeObservation(collector.parse(raw, source), source.name);
        if (entities.length === 0 && (previous?.entities.length ?? 0) > 0) {
          throw new Error(`source ${source.name} returned nothing, where the last pull saw ${previous!.entities.length} entities; keeping those`);
        }
        // Serialised once: the text is both the leak check and what is written. Every entity and
        // edge was validated by normalizeObservation; parsing the whole snapshot again cost ~3 s
        // at fleet size for nothing.
        const snapshot: SourceSnapshot = { schemaVersion: LAB_SCHEMA_VERSION, generatedBy: GENERATED_BY, source: { name: source.name, type: source.type }, entities, edges };
        const text = stableJson(snapshot);
        const leaked = secrets.find((s) => text.includes(s));
        if (leaked) throw new Error(`source ${source.name}: a credential from the environment appears in the snapshot; nothing was written. This is a bug in the ${source.type} collector: report it.`);
        if (options.record) await writeRaw(options.record, source.name, collector.sanitize?.(raw, source) ?? raw);
        const changed = !previous || stableJson(previous) !== text;
        // No fsync per snapshot (57 s for 6,622 files): the temp-file-and-rename keeps each one
        // whole for readers and for a killed pull; the folder is synced once at the end. What a
        // power cut could still cost is a snapshot left empty, which the build names with the fix
        // (pull again), and snapshots are re-pullable and committed to Git: not worth 57 s a pull.
        if (changed) await writeFileAtomic(paths.snapshot(source.name), text, { fsync: false });
        wroteSnapshots ||= changed;
        statuses.set(source.name, { name: source.name, type: source.type, state: 'ok', lastSuccess: attempt, lastAttempt: attempt });
        result.ok.push(source.name);
        options.onEvent?.({ type: 'done', source: source.name, ms: performance.now() - started, entities: entities.length, edges: edges.length, changed });
      } catch (e) {
        const error = (e as Error).message;
        const before = statuses.get(source.name);
        statuses.set(source.name, { name: source.name, type: source.type, state: 'stale', lastSuccess: before?.lastSuccess ?? null, lastAttempt: attempt, error });
        result.failed.push({ source: source.name, error });
        options.onEvent?.({ type: 'failed', source: source.name, ms: performance.now() - started, error, keptSnapshot: previous !== null });
      }
      if (performance.now() - lastWrite > CHECKPOINT_MS) saveStatus();
    }
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    try {
      if (wroteSnapshots) syncDirectory(paths.sources);
      saveStatus();
    } finally {
      lock.release();
    }
  }
  return result;
}
