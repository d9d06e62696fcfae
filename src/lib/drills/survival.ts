import { effectiveOutcome, type Journal } from '../../schemas/drill-journal.ts';

/**
 * What the lab can claim about an entity from its drills. `stale`: it survived once, but longer
 * ago than the drill's max_age, so the claim has expired. `never-tested`: no conclusive run.
 */
export type Survival = 'survived' | 'degraded' | 'failed' | 'stale' | 'never-tested';

/** Worst first: an entity shows the worst status of the drills aimed at it. */
export const SURVIVAL_ORDER: readonly Survival[] = ['failed', 'degraded', 'stale', 'never-tested', 'survived'];

export function worstSurvival(statuses: Iterable<Survival>): Survival {
  let worst: Survival | null = null;
  for (const s of statuses) if (worst === null || SURVIVAL_ORDER.indexOf(s) < SURVIVAL_ORDER.indexOf(worst)) worst = s;
  return worst ?? 'never-tested';
}

/** The drill fields survival needs; the full definition lives in src/schemas/drill.ts. */
export interface DrillRef {
  id: string;
  targets: string[];
  /** Milliseconds. */
  maxAge: number;
}

export interface DrillStatus {
  drill: string;
  status: Survival;
  /** The run that decided the status (latest conclusive one), if any. */
  latest: Journal | null;
  /** When that run finished. */
  at: Date | null;
  /** Whole days since then. */
  ageDays: number | null;
}

/** Runs that say something about the lab; aborted and broken runs prove nothing either way. */
const CONCLUSIVE = new Set(['survived', 'degraded', 'failed']);

/** The status one drill gives its targets, from its journals, as of `now`. */
export function drillStatus(drill: DrillRef, journals: readonly Journal[], now: Date): DrillStatus {
  let latest: Journal | null = null;
  for (const j of journals) {
    if (j.drill !== drill.id || !CONCLUSIVE.has(effectiveOutcome(j))) continue;
    if (!latest || finished(j) > finished(latest)) latest = j;
  }
  if (!latest) return { drill: drill.id, status: 'never-tested', latest: null, at: null, ageDays: null };
  const at = new Date(finished(latest));
  const age = now.getTime() - at.getTime();
  const outcome = latest.outcome as 'survived' | 'degraded' | 'failed';
  const status: Survival = outcome === 'survived' && age > drill.maxAge ? 'stale' : outcome;
  return { drill: drill.id, status, latest, at, ageDays: Math.floor(age / 86_400_000) };
}

/** Per entity id, the worst status over the drills aimed at it, with each drill's status. */
export function survivalByEntity(drills: readonly DrillRef[], journals: readonly Journal[], now: Date): Map<string, { status: Survival; drills: DrillStatus[] }> {
  const byDrill = new Map<string, Journal[]>();
  for (const j of journals) byDrill.set(j.drill, [...(byDrill.get(j.drill) ?? []), j]);
  const out = new Map<string, { status: Survival; drills: DrillStatus[] }>();
  for (const drill of drills) {
    const status = drillStatus(drill, byDrill.get(drill.id) ?? [], now);
    for (const target of drill.targets) {
      const entry = out.get(target) ?? { status: 'never-tested' as Survival, drills: [] };
      entry.drills.push(status);
      entry.status = worstSurvival(entry.drills.map((d) => d.status));
      out.set(target, entry);
    }
  }
  return out;
}

function finished(j: Journal): string {
  return j.finishedAt ?? j.startedAt;
}
