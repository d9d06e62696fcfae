import { z } from 'astro/zod';
import { DateSchema, DecisionRefsSchema, EntityIdSchema, StringListSchema, TagsSchema, decisionNumber } from './common.ts';

export const DECISION_STATUSES = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export interface ParsedStatus {
  status: DecisionStatus;
  /** Number of the decision that replaced this one, when the status says so. */
  supersededBy?: string;
}

/**
 * Reads a MADR or adr-tools status line: `accepted`, `Accepted`, `superseded by ADR-0012`,
 * `Superseded by [12. Use restic](0012-use-restic.md)`. Returns null when it is none of them.
 */
export function parseStatus(text: string): ParsedStatus | null {
  const t = text.trim().toLowerCase();
  const superseded = t.match(/^superseded(?:\s+by\s+\[?\s*(?:adr[-\s]?)?(\d+))?/);
  if (superseded) {
    const by = superseded[1] ? decisionNumber(superseded[1]) : null;
    return by ? { status: 'superseded', supersededBy: by } : { status: 'superseded' };
  }
  const word = t.split(/[\s.,;:]/)[0] ?? '';
  return (DECISION_STATUSES as readonly string[]).includes(word) ? { status: word as DecisionStatus } : null;
}

/**
 * Front matter of `content/decisions/**`: MADR 4 fields verbatim. adr-tools files have no front
 * matter at all; their status and date come from the body (see `src/lib/decisions.ts`).
 */
export const DecisionSchema = z.object({
  /** Title; MADR puts it in the first `# heading`, which is used when this is absent. */
  title: z.string().min(1).optional(),
  /** `proposed`, `accepted`, `rejected`, `deprecated`, or `superseded by ADR-0012`. */
  status: z
    .string()
    .refine((s) => parseStatus(s) !== null, {
      error: 'one of proposed, accepted, rejected, deprecated, or "superseded by ADR-NNNN"',
    })
    .optional(),
  /** When the decision was last updated. */
  date: DateSchema.optional(),
  /** MADR: everyone involved in the decision. */
  'decision-makers': StringListSchema.optional(),
  /** MADR: whose opinions were sought (two-way communication). */
  consulted: StringListSchema.optional(),
  /** MADR: who is kept up to date (one-way communication). */
  informed: StringListSchema.optional(),
  /** Decisions this one replaces, by number; the reverse link is added to those pages. */
  supersedes: DecisionRefsSchema.default([]),
  tags: TagsSchema.default([]),
  /** Lab entities the decision is about. */
  services: z.array(EntityIdSchema).default([]),
  /**
   * Drills (ids under content/drills) that confirm this decision, as MADR's "Confirmation" asks;
   * the page shows each one's latest result and whether it has expired. A Confirmation section
   * that links or names a drill counts too.
   */
  confirmed_by: z.array(z.string().min(1), { error: 'a list of drill ids like [kill-pihole]' }).default([]),
});
export type Decision = z.infer<typeof DecisionSchema>;
