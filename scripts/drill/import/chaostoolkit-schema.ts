import { z } from 'astro/zod';

/**
 * The parts of a Chaos Toolkit `journal.json` the import reads (chaostoolkit-lib
 * `chaoslib/run.py`, `initialize_run_journal`). Loose on purpose: journals from chaoslib 1.9 to
 * 1.44 differ in small ways, and extensions add fields of their own.
 */
const Activity = z.looseObject({
  type: z.string().optional(),
  name: z.string().optional(),
  /** A steady-state probe may just reference an earlier one by name. */
  ref: z.string().optional(),
  provider: z.looseObject({ type: z.string() }).optional(),
});
export type CtkActivity = z.infer<typeof Activity>;

export const ActivityRunSchema = z.looseObject({
  activity: Activity,
  /** `succeeded`, `failed` or `skipped`. */
  status: z.string(),
  start: z.string(),
  end: z.string().nullish(),
  duration: z.number().nullish(),
  output: z.unknown().optional(),
  /** Python traceback lines when the activity raised. */
  exception: z.array(z.string()).optional(),
  /** Steady-state probes only: whether the output matched the tolerance. */
  tolerance_met: z.boolean().optional(),
});
export type CtkActivityRun = z.infer<typeof ActivityRunSchema>;

const HypothesisRun = z.looseObject({ steady_state_met: z.boolean().nullish(), probes: z.array(ActivityRunSchema).default([]) });

export const CtkExperimentSchema = z.looseObject({
  title: z.string(),
  description: z.string().optional(),
  'steady-state-hypothesis': z.looseObject({ title: z.string().optional(), probes: z.array(Activity).default([]) }).optional(),
  method: z.array(Activity).default([]),
  rollbacks: z.array(Activity).default([]),
});
export type CtkExperiment = z.infer<typeof CtkExperimentSchema>;

export const CtkJournalSchema = z.looseObject({
  'chaoslib-version': z.string().nullish(),
  node: z.string().nullish(),
  platform: z.string().nullish(),
  /** The experiment as it ran; absent when the journal was trimmed (then `--experiment`). */
  experiment: z.unknown().optional(),
  start: z.string(),
  end: z.string().nullish(),
  /** `completed`, `failed`, `aborted` or `interrupted`. */
  status: z.string(),
  /** True when the steady state did not hold after the method. */
  deviated: z.boolean().default(false),
  steady_states: z
    .looseObject({ before: HypothesisRun.nullish(), after: HypothesisRun.nullish(), during: z.array(HypothesisRun).nullish() })
    .optional(),
  run: z.array(ActivityRunSchema),
  rollbacks: z.array(ActivityRunSchema).default([]),
});
export type CtkJournal = z.infer<typeof CtkJournalSchema>;
