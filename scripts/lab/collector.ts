import type { z } from 'astro/zod';
import type { Edge, EntityInput } from '../../src/schemas/lab.ts';
import type { RunOptions } from '../../src/lib/run-command.ts';

/**
 * Raw output of one source, exactly as the far end answered: file name → text
 * (`inspect.json`, `targets.json`). `--record` writes it to disk, `--replay` reads it back,
 * so parsing never needs the live lab.
 */
export type RawOutput = Record<string, string>;

/** What a collector needs to reach the lab. Tests and `--replay` never get here. */
export interface FetchContext {
  /** Name of the configured source (`docker-nas`), for messages. */
  source: string;
  /** Runs a command (locally, or `ssh` as the command): the project's one command runner. */
  run(file: string, args: readonly string[], options?: RunOptions): Promise<string>;
  /** HTTP GET with the pull's timeout; throws a message naming the URL and status on non-2xx. */
  get(url: string, init?: { headers?: Record<string, string> }): Promise<string>;
  env: NodeJS.ProcessEnv;
}

/** What one source saw, before merging: entities and edges with `observed` evidence. */
export interface Observation {
  entities: EntityInput[];
  edges: Edge[];
}

/**
 * One source type (docker, linux-host, prometheus, caddy, restic …), one file each under
 * `scripts/lab/sources/`. `fetch` talks to the lab and returns raw text; `parse` is pure
 * (raw text → observation) so it is tested on real recorded output and replayed in CI.
 */
export interface Collector<C extends { name: string; type: string }> {
  type: C['type'];
  /** The source's entry in `content/lab/sources.yaml` (`name` and `type` included). */
  configSchema: z.ZodType<C>;
  fetch(config: C, ctx: FetchContext): Promise<RawOutput>;
  parse(raw: RawOutput, config: C): Observation;
  /**
   * Removes secrets from raw output before `--record` writes it (environment values,
   * secret-looking labels, passwords in URLs), keeping what `parse` needs to infer edges.
   */
  sanitize?(raw: RawOutput, config: C): RawOutput;
}
