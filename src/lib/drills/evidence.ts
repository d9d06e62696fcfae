import type { Journal } from '../../schemas/drill-journal.ts';
import { drillStatus, survivalByEntity, type DrillRef, type DrillStatus, type Survival } from './survival.ts';

/**
 * The three dates a page can claim, kept apart on purpose: when its text was last edited (Git),
 * when the lab last showed the things it names, and when a drill last proved they work.
 */
export interface Observation {
  at: Date;
  /** The entity whose observation is oldest: the page is only as current as its stalest fact. */
  entity: string;
}

export interface Proof {
  drill: string;
  at: Date;
}

/** What the drills say, as of `now` (the build's time in the site; fixed in tests). */
export interface Evidence {
  now: Date;
  status: Map<string, DrillStatus>;
  byEntity: Map<string, { status: Survival; drills: DrillStatus[] }>;
  journals: readonly Journal[];
}

export function buildEvidence(drills: readonly DrillRef[], journals: readonly Journal[], now: Date): Evidence {
  const status = new Map(drills.map((d) => [d.id, drillStatus(d, journals.filter((j) => j.drill === d.id), now)]));
  return { now, status, byEntity: survivalByEntity(drills, journals, now), journals };
}

/** The newest survived run among `drillIds`: the last time any of them proved the claim. */
export function lastProven(drillIds: Iterable<string>, journals: readonly Journal[]): Proof | null {
  const ids = new Set(drillIds);
  let best: Proof | null = null;
  for (const j of journals) {
    if (!ids.has(j.drill) || j.outcome !== 'survived') continue;
    const at = new Date(j.finishedAt ?? j.startedAt);
    if (!best || at > best.at) best = { drill: j.drill, at };
  }
  return best;
}

type Sources = readonly { name: string; lastSuccess: string | null }[];
const pullDates = new WeakMap<Sources, Map<string, Date | null>>();
/** Each source's last good pull, once per list: every document page asks, and a fleet has thousands of sources. */
function lastPulls(sources: Sources): Map<string, Date | null> {
  let pulled = pullDates.get(sources);
  if (!pulled) pullDates.set(sources, (pulled = new Map(sources.map((s) => [s.name, s.lastSuccess ? new Date(s.lastSuccess) : null]))));
  return pulled;
}

/**
 * When the lab last showed each named entity (its sources' last good pull), and of those the
 * oldest. Entities no source reports are listed apart: the page names something the lab lacks.
 */
export function lastObserved(
  entityIds: readonly string[],
  entities: ReadonlyMap<string, { sources: readonly string[] }>,
  sources: Sources,
): { oldest: Observation | null; unseen: string[] } {
  const pulled = lastPulls(sources);
  let oldest: Observation | null = null;
  const unseen: string[] = [];
  for (const id of [...new Set(entityIds)].sort()) {
    const entity = entities.get(id);
    const dates = (entity?.sources ?? []).map((s) => pulled.get(s)).filter((d): d is Date => d instanceof Date);
    if (!dates.length) {
      unseen.push(id);
      continue;
    }
    const at = new Date(Math.max(...dates.map((d) => d.getTime())));
    if (!oldest || at < oldest.at) oldest = { at, entity: id };
  }
  return { oldest, unseen };
}
