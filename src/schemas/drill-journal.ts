import { z } from 'astro/zod';
import { EntityIdSchema, ModeSchema } from './common.ts';

/** Bumped when the journal format changes in a way old readers cannot read. */
export const JOURNAL_SCHEMA_VERSION = 1;

/**
 * How a drill ended. `running` is what a journal says while the drill is under way; a journal
 * still saying `running` after its runner died is read as `aborted` (see `effectiveOutcome`).
 */
export const OutcomeSchema = z.enum(['running', 'survived', 'degraded', 'failed', 'aborted', 'error']);
export type Outcome = z.infer<typeof OutcomeSchema>;

/** The runner's phases, in order. A journal records each one it entered. */
export const PhaseSchema = z.enum(['steady-before', 'fault', 'recovery', 'rollback', 'done']);
export type Phase = z.infer<typeof PhaseSchema>;

const At = z.iso.datetime();

/** One thing that happened during the drill, with its time. Appended as it happens. */
export const JournalEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('phase'), at: At, phase: PhaseSchema }),
  z.object({
    type: z.literal('probe'),
    at: At,
    phase: PhaseSchema,
    /** Index into the definition's `steady_state`. */
    probe: z.number().int().nonnegative(),
    /** The probe in words (`GET http://… answers 200`). */
    description: z.string(),
    ok: z.boolean(),
    /** How long the probe took. */
    ms: z.number().nonnegative(),
    /** What was seen: status, answer, value, or why it failed. */
    detail: z.string(),
  }),
  z.object({
    type: z.literal('action'),
    at: At,
    phase: PhaseSchema,
    /** The action in words. */
    description: z.string(),
    ok: z.boolean(),
    ms: z.number().nonnegative(),
    /** Output of the action (trimmed, secrets redacted), or the error. */
    output: z.string().default(''),
  }),
  z.object({ type: z.literal('note'), at: At, text: z.string() }),
]);
export type JournalEvent = z.infer<typeof JournalEventSchema>;

/** What a backup restore drill restored and how it was verified. */
export const RestoreResultSchema = z.object({
  tool: z.enum(['restic', 'borg']),
  /** Repository as configured (no password, no credentials in the URL). */
  repository: z.string(),
  /** Snapshot id or archive name that was restored. */
  snapshot: z.string(),
  /** Backup entity id this restore tested (`backup:restic-nas/…`). */
  backup: EntityIdSchema.optional(),
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Files whose checksum was compared with the live data or manifest. */
  checksumsCompared: z.number().int().nonnegative(),
  restoreMs: z.number().nonnegative(),
  verified: z.boolean(),
  /** Why verification failed, in words an operator can act on. */
  problem: z.string().optional(),
});
export type RestoreResult = z.infer<typeof RestoreResultSchema>;

/**
 * `content/lab/drills/<drill id>/<timestamp>.json`: one run of one drill, written incrementally
 * so a crash mid-drill still leaves a journal saying how far it got.
 */
export const JournalSchema = z.object({
  schemaVersion: z.literal(JOURNAL_SCHEMA_VERSION),
  /** Drill id: its path under content/drills without extension (`kill-pihole`). */
  drill: z.string().min(1),
  /** sha256 of the drill's definition (front matter, canonical JSON): which version ran. */
  definitionHash: z.string(),
  /** Where the run came from: our runner, a hand-recorded drill, or an imported Chaos Toolkit journal. */
  origin: z.enum(['runner', 'manual', 'chaostoolkit']),
  /** Snapshot of the lab it ran against: Git commit of content/lab, or a digest of its files. */
  labSnapshot: z.string().nullable(),
  targets: z.array(EntityIdSchema),
  mode: ModeSchema,
  /** Who ran it (`$SCARBOOK_OPERATOR`, Git user, or OS user). */
  operator: z.string(),
  startedAt: At,
  finishedAt: At.nullable(),
  outcome: OutcomeSchema,
  /** From the end of the fault to the steady state holding again; null when it never did. */
  recoveryMs: z.number().nonnegative().nullable(),
  /** Whether every rollback action ran and succeeded. */
  rollbackOk: z.boolean().nullable(),
  /** Why the drill ended as it did (timeout, signal, error message). */
  reason: z.string().optional(),
  notes: z.string().optional(),
  restore: RestoreResultSchema.optional(),
  events: z.array(JournalEventSchema),
});
export type Journal = z.infer<typeof JournalSchema>;
export type JournalInput = z.input<typeof JournalSchema>;

/** A journal left `running` by a runner that died is an aborted run: nobody is still watching it. */
export function effectiveOutcome(journal: Pick<Journal, 'outcome'>, runnerAlive = false): Exclude<Outcome, 'running'> | 'running' {
  return journal.outcome === 'running' && !runnerAlive ? 'aborted' : journal.outcome;
}
