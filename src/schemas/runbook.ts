import { z } from 'astro/zod';
import { DateSchema, DecisionRefsSchema, EntityIdSchema, ModeSchema, TagsSchema } from './common.ts';

/**
 * Front matter of `content/runbooks/**`. Every field is optional so that a plain Markdown file,
 * or a collection written for another tool (Hugo's `weight`, `aliases`), builds unchanged.
 */
export const RunbookSchema = z.object({
  /** Page title; when absent it comes from the first `# heading`, else the file name. */
  title: z.string().min(1).optional(),
  /** One sentence shown in indexes and search results. */
  description: z.string().optional(),
  /** Free labels; each gets a tag page and a search filter. */
  tags: TagsSchema.default([]),
  /** Ids of the lab entities this runbook is about (`container:nas/pihole`). */
  services: z.array(EntityIdSchema).default([]),
  /** Who keeps this runbook true. */
  owner: z.string().optional(),
  /** `production` or `sandbox`. */
  mode: ModeSchema.optional(),
  /** When someone last followed this runbook and it worked; older than 90 days shows as unverified. */
  last_verified: DateSchema.optional(),
  /** Related decisions by number (`"0002"`). */
  decisions: DecisionRefsSchema.default([]),
  /** Sort order inside its folder (Hugo's `weight`), lower first. */
  weight: z.number().optional(),
  /** Drills (ids under content/drills, `kill-pihole`) that exercise this runbook: the page shows their last result. */
  exercised_by: z
    .union([z.string().min(1), z.array(z.string().min(1))], { error: 'a drill id like "kill-pihole", or a list of them' })
    .transform((v) => (typeof v === 'string' ? [v] : v))
    .default([]),
});
export type Runbook = z.infer<typeof RunbookSchema>;

/** `_index.md` files describe a folder (Hugo sections): its title and order. */
export const SectionSchema = z.object({
  title: z.string().optional(),
  weight: z.number().optional(),
});
