import { z } from 'astro/zod';
import { EntityIdSchema, ModeSchema } from './common.ts';

/**
 * Front matter of `content/services/*.md`: what people know about a lab entity that the lab
 * cannot show — whether it is production, and dependencies no source observes.
 */
export const ServiceAnnotationSchema = z.object({
  /** The entity this note is about (`container:nas/pihole`). */
  entity: EntityIdSchema,
  mode: ModeSchema.optional(),
  /** Entities it depends on, as far as people know (shown dashed: declared, not observed). */
  depends_on: z.array(EntityIdSchema).default([]),
  title: z.string().optional(),
});
export type ServiceAnnotation = z.infer<typeof ServiceAnnotationSchema>;
