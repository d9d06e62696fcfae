import { z } from 'astro/zod';

/** Whether breaking it is allowed to hurt anyone: drills refuse `production` targets without care. */
export const ModeSchema = z.enum(['production', 'sandbox']);
export type Mode = z.infer<typeof ModeSchema>;

/**
 * A lab entity id: `kind:name`, e.g. `host:nas`, `container:nas/pihole`, `route:dns.lab.example`.
 * Ids are stable across pulls, so documents can name entities before the inventory exists.
 */
export const EntityIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*:\S+$/, {
    error: 'an entity id of the form kind:name, like "host:nas" or "container:nas/pihole"',
  });

/** A list of short labels; a single string is accepted as a one-item list, as Hugo and MADR authors write it. */
export const StringListSchema = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) => (Array.isArray(v) ? v.map(String) : v.split(',').map((s) => s.trim())).filter(Boolean));

/** Tags are compared case-insensitively, so store them lower-cased. */
export const TagsSchema = StringListSchema.transform((tags) => [...new Set(tags.map((t) => t.toLowerCase()))]);

/** A calendar date (`2026-09-14`); YAML already parses these into Date objects. */
export const DateSchema = z.coerce.date({ error: 'a date like 2026-09-14' });

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Parses `30s`, `5m`, `1h30m`, `30d`; returns milliseconds, or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*/gy)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return null;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2] as keyof typeof UNIT_MS], 0);
}

/** A duration as text (`30s`, `5m`, `2h 15m`, `30d`) or a number of seconds; parsed to milliseconds. */
export const DurationSchema = z.union([z.number().nonnegative(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value * 1000;
  const ms = parseDuration(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: 'a duration like "30s", "5m", "2h 15m" or "30d"' });
    return z.NEVER;
  }
  return ms;
});

/** Normalises a decision reference (`2`, `"0002"`, `"ADR-0002"`, `"adr-2"`) to its 4-digit number. */
export function decisionNumber(ref: string | number): string | null {
  const m = String(ref).trim().match(/^(?:adr[-\s]?)?0*(\d{1,6})\b/i);
  return m ? m[1]!.padStart(4, '0') : null;
}

/** References to decisions by number, in any of the forms authors use. */
export const DecisionRefsSchema = z
  .array(z.union([z.string(), z.number()]))
  .transform((refs, ctx) =>
    refs.map((ref, i) => {
      const n = decisionNumber(ref);
      if (n === null) ctx.addIssue({ code: 'custom', path: [i], message: 'a decision number like "0002" or "ADR-0002"' });
      return n ?? '';
    }),
  );
