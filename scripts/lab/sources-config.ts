import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'astro/zod';
import { expected, parseFrontmatter } from '../../src/schemas/format-error.ts';
import { COLLECTORS } from './registry.ts';

export const SOURCES_FILE = 'lab/sources.yaml';

/**
 * `content/lab/sources.yaml`: which parts of the lab to pull, and how. Credentials are never
 * written here: sources name the environment variable that holds them (`passwordEnv: RESTIC_PASSWORD`).
 */
/** One entry of `sources:`, validated by the schema of its own type so errors name its fields. */
const SourceSchema = z.looseObject({ name: z.string().min(1), type: z.string() }).transform((entry, ctx) => {
  const collector = COLLECTORS.find((c) => c.type === entry.type);
  if (!collector) {
    ctx.addIssue({ code: 'custom', path: ['type'], message: `one of ${COLLECTORS.map((c) => JSON.stringify(c.type)).join(' | ')}` });
    return z.NEVER;
  }
  const result = collector.configSchema.safeParse(entry);
  if (result.success) return result.data as { name: string; type: string };
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: expected(issue) });
  return z.NEVER;
});

export const SourcesConfigSchema = z.object({
  /** Canonical host name → the other names and addresses it is known by (merged into one entity). */
  hostAliases: z.record(z.string(), z.array(z.string())).default({}),
  /** Seconds before a source that does not answer is given up on (and marked stale). */
  timeoutSeconds: z.number().positive().default(30),
  sources: z
    .array(SourceSchema)
    .default([])
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      for (const [i, s] of list.entries()) {
        if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `a unique source name ("${s.name}" is used twice)` });
        seen.add(s.name);
      }
    }),
});
export type SourcesConfig = z.infer<typeof SourcesConfigSchema>;

/** Reads and validates the sources file; a missing file means "no sources yet". */
export function loadSourcesConfig(contentPath: string, root = process.cwd()): SourcesConfig {
  const file = path.join(contentPath, SOURCES_FILE);
  if (!existsSync(file)) return { hostAliases: {}, timeoutSeconds: 30, sources: [] };
  const raw: unknown = parseYaml(readFileSync(file, 'utf8')) ?? {};
  return parseFrontmatter(SourcesConfigSchema, raw, path.relative(root, file));
}
