import type { Entity } from '../../schemas/lab.ts';
import { effectiveOutcome } from '../../schemas/drill-journal.ts';
import { isProduction } from './arch-graph.ts';
import type { LabFacts } from './lab-facts.ts';

const DAY = 86_400_000;
/** A restore test's claim expires like a drill's: after the drill's max_age, else 30 days. */
const DEFAULT_MAX_AGE = 30 * DAY;

export interface RestoreTest {
  drill: string;
  at: Date;
  ageDays: number;
  maxAgeDays: number;
  /** Younger than the drill's max_age. */
  inTime: boolean;
  verified: boolean;
  problem?: string;
}

export type Protection = 'restore-tested' | 'restore-too-old' | 'restore-failed' | 'never-restore-tested' | 'no-backup';

export interface DataStore {
  store: Entity;
  /** Entities storing data on it (stores-on). */
  usedBy: string[];
  production: boolean;
  backups: { backup: Entity; latest: string | null; restore: RestoreTest | null }[];
  protection: Protection;
}

/** Best first: a store is as safe as its best-tested backup. */
const RANK: Protection[] = ['restore-tested', 'restore-too-old', 'restore-failed', 'never-restore-tested', 'no-backup'];

/**
 * Every volume and bind mount, its backups and each backup's last restore test (from the
 * journals' `restore` results). "The backup you have never restored is not a backup, it is a hope."
 */
export function dataProtection(facts: LabFacts): DataStore[] {
  const { graph } = facts;
  const maxAge = new Map(facts.drills.map((d) => [d.id, d.maxAge]));
  // Latest restore per backup id (or per target, for journals that do not name the backup).
  const latest = new Map<string, RestoreTest>();
  for (const j of facts.journals) {
    if (!j.restore || effectiveOutcome(j) === 'aborted') continue;
    const at = new Date(j.finishedAt ?? j.startedAt);
    const limit = maxAge.get(j.drill) ?? DEFAULT_MAX_AGE;
    const test: RestoreTest = {
      drill: j.drill, at, ageDays: Math.floor((facts.now.getTime() - at.getTime()) / DAY), maxAgeDays: Math.round(limit / DAY),
      inTime: facts.now.getTime() - at.getTime() <= limit, verified: j.restore.verified, ...(j.restore.problem ? { problem: j.restore.problem } : {}),
    };
    const keys = j.restore.backup ? [j.restore.backup] : j.targets;
    for (const key of keys.map((k) => facts.resolve(k) ?? k)) if (!latest.has(key) || latest.get(key)!.at < at) latest.set(key, test);
  }
  const stores = graph.entities.filter((e) => e.kind === 'volume' || e.kind === 'bind-mount');
  return stores.map((store) => {
    const usedBy = store.in.filter((e) => e.type === 'stores-on').map((e) => e.from);
    const backups = store.out
      .filter((e) => e.type === 'backed-up-by' && graph.byId.has(e.to))
      .map((e) => {
        const backup = graph.byId.get(e.to)!;
        return { backup, latest: typeof backup.attributes.latest === 'string' ? backup.attributes.latest : null, restore: latest.get(backup.id) ?? latest.get(store.id) ?? null };
      });
    const protection = backups.map((b) => judge(b.restore)).sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))[0] ?? 'no-backup';
    return { store, usedBy, production: usedBy.some((id) => isProduction(graph.byId.get(id))), backups, protection };
  });
}

function judge(restore: RestoreTest | null): Protection {
  if (!restore) return 'never-restore-tested';
  if (!restore.verified) return 'restore-failed';
  return restore.inTime ? 'restore-tested' : 'restore-too-old';
}

export const PROTECTION_WORDS: Record<Protection, string> = {
  'restore-tested': 'backed up, restore tested in time',
  'restore-too-old': 'last restore test older than its max_age',
  'restore-failed': 'last restore test failed verification',
  'never-restore-tested': 'backed up, never restore-tested',
  'no-backup': 'no backup',
};
