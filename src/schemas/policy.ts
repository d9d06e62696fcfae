import { z } from 'astro/zod';
import { ModeSchema } from './common.ts';

/**
 * Finding groups that are warnings in `npm run check` and that `--strict` can turn into failures.
 * Broken links, invalid front matter and secrets fail always and are not listed here.
 */
export const StrictGateSchema = z.enum([
  /** A drill aimed at production with no conclusive run younger than its `max_age`. */
  'drills',
  /** Drift (declared but unseen, or running but undeclared) that no document explains. */
  'drift',
  /** Documents and lab disagree: a document names an entity no source sees, a production entity has no runbook, a certificate is expiring. */
  'lab',
]);
export type StrictGate = z.infer<typeof StrictGateSchema>;

/** `policy` in `scarbook.config.json`: what this repository's `npm run check -- --strict` enforces. */
export const PolicySchema = z.object({
  /** Which warnings fail `npm run check -- --strict`. Leave one out to keep it a warning there too. */
  strict: z.array(StrictGateSchema).default(['drills', 'drift', 'lab']),
  /**
   * Environment variables whose values must never appear in the built site or a snapshot
   * (`RESTIC_PASSWORD`). Variables that `content/lab/sources.yaml` names (`passwordEnv`,
   * `tokenEnv`) are scanned for as well; a variable that is not set where the check runs is skipped with a notice.
   */
  secretEnv: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'an environment variable name like RESTIC_PASSWORD' })).default([]),
  /**
   * Findings of the secret scan that are not secrets (a documented example key): the file or folder
   * (relative to the project, a prefix) and optionally the rule (`private-key`), with the reason.
   */
  allowSecrets: z.array(z.object({ path: z.string().min(1), rule: z.string().optional(), why: z.string().min(1, { error: 'say why this is not a secret' }) })).default([]),
  /** Drills gated by `drills`: those run in, or aimed at entities in, these modes. */
  drillModes: z.array(ModeSchema).default(['production']),
  /** Whether a gated drill that never ran conclusively counts as older than its max_age. */
  untestedDrillsFail: z.boolean().default(true),
});
export type Policy = z.infer<typeof PolicySchema>;
