import { z } from 'astro/zod';
import { DurationSchema, EntityIdSchema, ModeSchema, TagsSchema } from './common.ts';
import { RestoreActionSchema } from './restore.ts';

/**
 * `${VAR}` or `${VAR:-default}`: filled in from the environment when the drill runs, so one drill
 * runs from a laptop and from a CI runner (`url: http://${PIHOLE_HOST:-192.168.1.2}/admin/`).
 * `$${VAR}` stays a literal `${VAR}` (for a remote shell to expand).
 */
export const TEMPLATE = /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const hasTemplate = (v: string) => new RegExp(TEMPLATE.source).test(v);

/** Where a command runs: locally when absent, else over ssh (`root@nas`). */
const Ssh = z.string().min(1).optional();
/** Docker endpoint: local socket when absent, or `unix://…`, `tcp://…`, `ssh://…`. */
const Endpoint = z.string().min(1).optional();
/** Give up on this probe or action after this long (`10s`); the runner has a default for each. */
const Timeout = DurationSchema.optional();

/** A URL, or one with `${VAR:-default}` in it (checked again once the variables are filled in). */
const UrlSchema = z.string().refine((v) => hasTemplate(v) || URL.canParse(v), { error: 'a URL like "http://192.168.1.2/admin/" (may contain ${VAR:-default})' });

/** A port number, or `${VAR:-53}`. */
const PortSchema = z
  .union([z.number(), z.string()])
  .refine((v) => (typeof v === 'string' && hasTemplate(v)) || (/^\d+$/.test(String(v)) && Number(v) >= 1 && Number(v) <= 65535), { error: 'a port number from 1 to 65535 (or ${VAR:-default})' })
  .transform((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));

/** A check of the steady state; it must hold before the fault and again after it. */
export const ProbeSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('http'),
    name: z.string().optional(),
    url: UrlSchema,
    /** Expected HTTP status. */
    status: z.number().int().default(200),
    body_contains: z.string().optional(),
    /** The answer must come faster than this (`500ms`). */
    latency_under: DurationSchema.optional(),
    /** Host header to send: reach a virtual host through its proxy by address (`url: http://10.0.0.5/`, `host: cloud.lab.example`). */
    host: z.string().min(1).optional(),
    timeout: Timeout,
  }),
  z.object({ type: z.literal('tcp'), name: z.string().optional(), host: z.string(), port: PortSchema, timeout: Timeout }),
  z.object({
    type: z.literal('dns'),
    name: z.string(),
    /** Resolver to ask (`192.168.1.2` or `192.168.1.2:53`). */
    server: z.string(),
    /** Address the answer must contain. */
    expect: z.string().optional(),
    timeout: Timeout,
  }),
  z.object({
    type: z.literal('command'),
    name: z.string().optional(),
    run: z.string().min(1),
    ssh: Ssh,
    exit_code: z.number().int().default(0),
    output_contains: z.string().optional(),
    timeout: Timeout,
  }),
  /** Healthy when its health check says so; a container without one counts when it is running. */
  z.object({ type: z.literal('docker_health'), name: z.string().optional(), container: z.string(), endpoint: Endpoint, timeout: Timeout }),
  z.object({
    type: z.literal('prometheus'),
    name: z.string().optional(),
    url: UrlSchema,
    query: z.string(),
    /** Condition on the first sample's value: `> 0`, `== 1`, `< 0.5`. */
    expect: z.string().regex(/^(==|!=|>=|<=|>|<)\s*-?\d+(\.\d+)?$/, { error: 'a condition like "> 0" or "== 1"' }),
    timeout: Timeout,
  }),
]);
export type Probe = z.infer<typeof ProbeSchema>;

/** Something the drill does to the lab (fault) or to put it back (rollback). */
export const ActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('docker'),
    action: z.enum(['stop', 'kill', 'pause', 'unpause', 'restart', 'start', 'disconnect', 'connect']),
    container: z.string(),
    /** For disconnect / connect. */
    network: z.string().optional(),
    endpoint: Endpoint,
    timeout: Timeout,
  }),
  z.object({
    /** Kills the container's main process from outside, so the restart policy applies (unlike `docker kill`). */
    type: z.literal('crash'),
    container: z.string(),
    signal: z.string().default('KILL'),
    endpoint: Endpoint,
    timeout: Timeout,
  }),
  z.object({ type: z.literal('command'), run: z.string().min(1), ssh: Ssh, timeout: Timeout }),
  /** A step only a person can do ("pull the power of pve2"); the runner waits for confirmation. */
  z.object({ type: z.literal('manual'), instructions: z.string().min(1), timeout: Timeout }),
  /** Restores a backup into a scratch folder and verifies it; the drill survives only if it verified. */
  RestoreActionSchema.extend({ timeout: Timeout }),
]);
export type Action = z.infer<typeof ActionSchema>;

/** Front matter of `content/drills/**`: the drill definition. The body is its narrative. */
export const DrillSchema = z.object({
  title: z.string().min(1).optional(),
  /** Lab entities the fault is aimed at. */
  targets: z.array(EntityIdSchema).min(1),
  mode: ModeSchema,
  /** What we expect to happen, in words. */
  hypothesis: z.string().min(1),
  steady_state: z.array(ProbeSchema).min(1),
  fault: z.array(ActionSchema).min(1),
  /** Always runs afterwards, whatever happened. */
  rollback: z.array(ActionSchema).default([]),
  recovery: z
    .object({
      /** Give up waiting for the steady state after this long. */
      timeout: DurationSchema.prefault('60s'),
      /** Check the probes this often while waiting. */
      poll_interval: DurationSchema.prefault('2s'),
    })
    .prefault({}),
  /** How old a survived result may be before the targets count as untested again. */
  max_age: DurationSchema.prefault('30d'),
  tags: TagsSchema.default([]),
});
export type Drill = z.infer<typeof DrillSchema>;
