import { createHash } from 'node:crypto';
import { JOURNAL_SCHEMA_VERSION, type JournalEvent, type JournalInput, type Outcome, type Phase } from '../../../src/schemas/drill-journal.ts';
import type { Mode } from '../../../src/schemas/common.ts';
import { stableJson } from '../../lab/stable-json.ts';
import type { CtkActivityRun, CtkExperiment, CtkJournal } from './chaostoolkit-schema.ts';
import { describeActivity, describeOutput, exceptionLine } from './describe-activity.ts';

export interface ImportContext {
  drill: string;
  targets: string[];
  mode: Mode;
  operator: string;
  /** The journal file, as the note names it (relative to the project). */
  source: string;
}

/** chaoslib before 1.10 wrote `datetime.utcnow().isoformat()`: UTC without a zone. */
export function ctkTime(s: string): string {
  const withZone = /(Z|[+-]\d\d:?\d\d)$/i.test(s) ? s : `${s}Z`;
  const d = new Date(withZone);
  if (Number.isNaN(d.getTime())) throw new Error(`"${s}" is not a time`);
  return d.toISOString();
}

const ms = (r: CtkActivityRun) => Math.max(0, Math.round((r.duration ?? 0) * 1000));
const end = (r: CtkActivityRun) => ctkTime(r.end ?? r.start);
const latest = (runs: readonly CtkActivityRun[]) => runs.reduce<string | null>((t, r) => (t === null || end(r) > t ? end(r) : t), null);

/**
 * Chaos Toolkit's verdict in our words. `deviated` means the lab did not return to its steady
 * state: a finding, so `failed` (chaoslib 1.9–1.44 write status `failed` or `completed` with it).
 * A run that failed without deviating broke before it proved anything: `error`.
 */
export function mapOutcome(j: CtkJournal): { outcome: Exclude<Outcome, 'running' | 'degraded'>; reason?: string } {
  const failing = (runs: readonly CtkActivityRun[] | undefined) =>
    (runs ?? []).filter((r) => r.tolerance_met === false || r.status === 'failed').map((r) => r.activity.name ?? r.activity.ref ?? 'unnamed');
  if (j.status === 'aborted' || j.status === 'interrupted') return { outcome: 'aborted', reason: `Chaos Toolkit status "${j.status}"` };
  if (j.deviated) return { outcome: 'failed', reason: `steady state did not hold after the method: ${failing(j.steady_states?.after?.probes).join(', ') || 'see the probes'}` };
  if (j.status === 'completed') return { outcome: 'survived' };
  if (j.steady_states?.before?.steady_state_met === false) {
    return { outcome: 'error', reason: `steady state was not met before the method ran, so nothing was tested: ${failing(j.steady_states.before.probes).join(', ')}` };
  }
  const broken = [...j.run, ...j.rollbacks].find((r) => r.status === 'failed');
  const why = broken ? `${broken.activity.name ?? 'an activity'} failed: ${exceptionLine(broken.exception) ?? describeOutput(broken)}` : 'no reason recorded';
  return { outcome: 'error', reason: `Chaos Toolkit status "${j.status}": ${why}` };
}

function probeEvents(runs: readonly CtkActivityRun[], phase: Phase): JournalEvent[] {
  return runs.map((r, i) => ({
    type: 'probe', at: ctkTime(r.start), phase, probe: i,
    description: describeActivity(r.activity),
    ok: r.tolerance_met ?? r.status === 'succeeded',
    ms: ms(r), detail: describeOutput(r),
  }));
}

function actionEvents(runs: readonly CtkActivityRun[], phase: Phase): JournalEvent[] {
  return runs.map((r) => ({
    type: 'action', at: ctkTime(r.start), phase,
    // Method probes are not steady-state probes (nothing to index); they are recorded as what they did.
    description: `${r.activity.type === 'probe' ? 'probe ' : ''}${describeActivity(r.activity)}`,
    ok: r.status === 'succeeded', ms: ms(r), output: describeOutput(r),
  }));
}

/** One Chaos Toolkit run as a Scarbook journal (origin `chaostoolkit`). Pure: the caller reads and writes files. */
export function fromChaosToolkit(j: CtkJournal, experiment: CtkExperiment, ctx: ImportContext): JournalInput {
  const ss = j.steady_states;
  const before = ss?.before?.probes ?? [];
  const after = ss?.after?.probes ?? [];
  const during = (ss?.during ?? []).flatMap((h) => h.probes);
  const startedAt = ctkTime(j.start);
  const finishedAt = j.end ? ctkTime(j.end) : null;
  const phase = (p: Phase, at: string | null | undefined): JournalEvent[] => (at ? [{ type: 'phase', at, phase: p }] : []);
  const first = (runs: readonly CtkActivityRun[]) => (runs[0] ? ctkTime(runs[0].start) : null);

  const events: JournalEvent[] = [
    { type: 'note', at: startedAt, text: `Imported from the Chaos Toolkit journal ${ctx.source} (chaoslib ${j['chaoslib-version'] ?? 'unknown'}, run on ${j.node ?? 'an unknown node'}): "${experiment.title}".` },
    ...phase('steady-before', startedAt), ...probeEvents(before, 'steady-before'),
    ...phase('fault', first(j.run)), ...actionEvents(j.run, 'fault'), ...probeEvents(during, 'fault'),
    ...phase('recovery', first(after)), ...probeEvents(after, 'recovery'),
    ...phase('rollback', first(j.rollbacks)), ...actionEvents(j.rollbacks, 'rollback'),
    ...phase('done', finishedAt),
  ];
  // Stable sort: a phase marker stays ahead of the first activity that shares its time.
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const { outcome, reason } = mapOutcome(j);
  const methodEnd = latest(j.run);
  const afterEnd = latest(after);
  // Recovery: from the end of the method (its pauses included) to the steady state holding again.
  const recoveryMs = outcome === 'survived' && methodEnd && afterEnd ? Math.max(0, Date.parse(afterEnd) - Date.parse(methodEnd)) : null;
  const defined = Math.max(experiment.rollbacks.length, j.rollbacks.length);
  const rollbackOk = defined === 0 ? null : j.rollbacks.length >= defined && j.rollbacks.every((r) => r.status === 'succeeded');

  return {
    schemaVersion: JOURNAL_SCHEMA_VERSION,
    drill: ctx.drill,
    definitionHash: createHash('sha256').update(stableJson(experiment)).digest('hex'),
    origin: 'chaostoolkit',
    labSnapshot: null,
    targets: ctx.targets,
    mode: ctx.mode,
    operator: ctx.operator,
    startedAt,
    finishedAt,
    outcome,
    recoveryMs,
    rollbackOk,
    ...(reason ? { reason } : {}),
    ...(experiment.description ? { notes: experiment.description } : {}),
    events,
  };
}

/** `Kill the Redis container!` → `kill-the-redis-container`: a drill id when none is given. */
export function slugify(title: string): string {
  return title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'chaostoolkit-experiment';
}
