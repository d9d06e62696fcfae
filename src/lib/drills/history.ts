import { effectiveOutcome, type Journal, type Outcome } from '../../schemas/drill-journal.ts';

/** One run of a drill as its history shows it. */
export interface RunRow {
  /** Fragment id of the run on the drill page (`run-2026-11-10t21-04-05z`), stable across builds. */
  anchor: string;
  outcome: Exclude<Outcome, 'running'> | 'running';
  startedAt: Date;
  finishedAt: Date | null;
  recoveryMs: number | null;
  operator: string;
  origin: Journal['origin'];
  rollbackOk: boolean | null;
  reason?: string;
  notes?: string;
  /** The journal file, relative to the project root, for "where does this come from". */
  file?: string;
  restoreVerified?: boolean;
}

export function runAnchor(j: Pick<Journal, 'startedAt' | 'origin'>): string {
  return `run-${j.startedAt.replace(/\.\d+Z$/, 'Z').replace(/[^0-9a-z]+/gi, '-').toLowerCase()}${j.origin === 'runner' ? '' : `-${j.origin}`}`;
}

/** A drill's runs, newest first. A journal still `running` whose runner is gone reads as aborted. */
export function drillHistory(drillId: string, journals: readonly (Journal & { file?: string })[]): RunRow[] {
  return journals
    .filter((j) => j.drill === drillId)
    .map((j) => ({
      anchor: runAnchor(j),
      outcome: effectiveOutcome(j),
      startedAt: new Date(j.startedAt),
      finishedAt: j.finishedAt ? new Date(j.finishedAt) : null,
      recoveryMs: j.recoveryMs,
      operator: j.operator,
      origin: j.origin,
      rollbackOk: j.rollbackOk,
      ...(j.reason ? { reason: j.reason } : {}),
      ...(j.notes ? { notes: j.notes } : {}),
      ...(j.file ? { file: j.file } : {}),
      ...(j.restore ? { restoreVerified: j.restore.verified } : {}),
    }))
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || a.anchor.localeCompare(b.anchor));
}
