import { z } from 'astro/zod';
import { ModeSchema } from './common.ts';

/** Bumped when the snapshot format changes in a way old readers cannot read. */
export const LAB_SCHEMA_VERSION = 1;

/** What an entity is. Ids are `kind:name` (`container:nas/pihole`), stable across pulls. */
export const EntityKindSchema = z.enum([
  'site', 'host', 'vm', 'container', 'service', 'volume', 'bind-mount', 'network', 'route', 'backup', 'target', 'dns-server',
]);
export type EntityKind = z.infer<typeof EntityKindSchema>;

/** The state a source reported, normalised across sources. */
export const EntityStatusSchema = z.enum([
  'running', 'stopped', 'paused', 'restarting', 'exited', 'created', 'dead',
  'healthy', 'unhealthy', 'starting', 'up', 'down', 'unknown',
]);

/** A JSON value: kind-specific attributes are plain data, so snapshots diff cleanly. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const JsonSchema: z.ZodType<Json> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonSchema), z.record(z.string(), JsonSchema)]));

export const EntitySchema = z.object({
  /** Stable id, `kind:name`; survives re-pulls so documents can name it. */
  id: z.string().regex(/^[a-z][a-z0-9-]*:\S+$/),
  kind: EntityKindSchema,
  /** Human name (container name, host name, route host). */
  name: z.string(),
  status: EntityStatusSchema.optional(),
  /** From a `scarbook.mode` label or a `content/services/*.md` annotation. */
  mode: ModeSchema.optional(),
  /** Names of the configured sources that saw it (`docker-nas`, `prometheus`). */
  sources: z.array(z.string()),
  /** Other names and addresses it is known by (host names, IPs): merge keys across sources. */
  aliases: z.array(z.string()).default([]),
  /** Kind-specific facts (image, ports, mounts, kernel, …). Never secret values. */
  attributes: z.record(z.string(), JsonSchema).default({}),
});
export type Entity = z.infer<typeof EntitySchema>;
export type EntityInput = z.input<typeof EntitySchema>;

export const EdgeTypeSchema = z.enum(['runs-on', 'member-of', 'depends-on', 'routes-to', 'stores-on', 'backed-up-by', 'monitored-by', 'connects-to']);
export type EdgeType = z.infer<typeof EdgeTypeSchema>;

/** Why we believe an edge exists: a source saw it, or a document says so. */
export const EvidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('observed'), source: z.string(), /** How it was inferred (`compose depends_on`, `env DB_HOST`). */ via: z.string().optional() }),
  z.object({ kind: z.literal('declared'), file: z.string() }),
]);
export type Evidence = z.infer<typeof EvidenceSchema>;

export const EdgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  type: EdgeTypeSchema,
  evidence: z.array(EvidenceSchema).min(1),
});
export type Edge = z.infer<typeof EdgeSchema>;

/** How the last pull of one source went (`content/lab/pull-status.json`, the pull's heartbeat). */
export const SourceStatusSchema = z.object({
  name: z.string(),
  type: z.string(),
  /** `ok`: this pull succeeded. `stale`: it failed; the entities are from `lastSuccess`. */
  state: z.enum(['ok', 'stale']),
  lastSuccess: z.iso.datetime().nullable(),
  lastAttempt: z.iso.datetime(),
  /** The error of the last failed attempt, with what to do next. */
  error: z.string().optional(),
});
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

/**
 * `content/lab/pull-status.json`: per source, the last attempt, the last success and the error.
 * Kept apart from the snapshots so that a pull that finds nothing new changes only this file.
 */
export const PullStatusSchema = z.object({
  schemaVersion: z.literal(LAB_SCHEMA_VERSION),
  generatedBy: z.string(),
  sources: z.array(SourceStatusSchema),
});
export type PullStatus = z.infer<typeof PullStatusSchema>;

/**
 * `content/lab/sources/<name>.json`: what one source saw, normalised. Machine-written; it
 * changes only when the lab does, so its Git history is the lab's history.
 */
export const SourceSnapshotSchema = z.object({
  schemaVersion: z.literal(LAB_SCHEMA_VERSION),
  generatedBy: z.string(),
  source: z.object({ name: z.string(), type: z.string() }),
  entities: z.array(EntitySchema),
  edges: z.array(EdgeSchema),
});
export type SourceSnapshot = z.infer<typeof SourceSnapshotSchema>;

/** The merged lab graph, derived from all source snapshots (plus declared edges). */
export const LabGraphSchema = z.object({
  schemaVersion: z.literal(LAB_SCHEMA_VERSION),
  generatedBy: z.string(),
  sources: z.array(SourceStatusSchema),
  entities: z.array(EntitySchema),
  edges: z.array(EdgeSchema),
});
export type LabGraph = z.infer<typeof LabGraphSchema>;
