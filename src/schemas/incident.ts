import { z } from 'astro/zod';
import { DateSchema, DecisionRefsSchema, DurationSchema, EntityIdSchema, TagsSchema } from './common.ts';

/** How bad it was for the people who depend on the lab. */
export const SeveritySchema = z.enum(['critical', 'major', 'minor']);

/** Front matter of `content/incidents/**`: a postmortem. */
export const IncidentSchema = z.object({
  /** What happened, in the words you would search for. */
  title: z.string().min(1).optional(),
  /** The day it started. */
  date: DateSchema,
  /** How long it lasted (`2h 15m`). */
  duration: DurationSchema.optional(),
  /** `critical`, `major` or `minor`. */
  severity: SeveritySchema,
  /** Lab entities that were affected. */
  services: z.array(EntityIdSchema).default([]),
  /** What set it off. */
  trigger: z.string().optional(),
  /** What fixed it. */
  resolution: z.string().optional(),
  tags: TagsSchema.default([]),
  /** What was written because of it. */
  follow_up: z
    .object({
      /** Decisions by number. */
      decisions: DecisionRefsSchema.default([]),
      /** Runbook ids: the path under `content/runbooks/` without extension (`dns/dns-outage`). */
      runbooks: z.array(z.string()).default([]),
    })
    .default({ decisions: [], runbooks: [] }),
});
export type Incident = z.infer<typeof IncidentSchema>;
