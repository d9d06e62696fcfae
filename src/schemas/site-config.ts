import { z } from 'astro/zod';
import { PolicySchema } from './policy.ts';

/** `scarbook.config.json`: what differs between one lab's knowledge base and another's. */
export const SiteConfigSchema = z.object({
  /** Shown in the header and the browser tab. */
  title: z.string().default('Scarbook'),
  /** One line under the title on the home page. */
  tagline: z.string().default(''),
  /** Folder holding runbooks/, decisions/, drills/, incidents/ (relative to the project). */
  contentDir: z.string().default('content'),
  /**
   * "Edit this page" link; `{path}` becomes the file's path relative to the project
   * (`https://github.com/you/lab/edit/main/{path}`). Empty hides the link.
   */
  editUrl: z.string().default(''),
  /** Runbooks not verified for this many days are listed on the home page. */
  staleAfterDays: z.number().int().positive().default(90),
  /** What `npm run check -- --strict` enforces in this repository (see docs/ci.md). */
  policy: PolicySchema.prefault({}),
});
export type SiteConfig = z.infer<typeof SiteConfigSchema>;
