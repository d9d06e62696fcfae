import type { DrillStatus } from './survival.ts';

/** `today`, `yesterday`, `12 days ago`: how long ago, the way people say it. */
export function ageWords(days: number | null): string {
  if (days === null) return 'never';
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/** The badge text for a drill's status: `survived, 12 days ago`, `stale: survived 40 days ago`, `never run`. */
export function statusWords(s: Pick<DrillStatus, 'status' | 'ageDays'>): string {
  switch (s.status) {
    case 'never-tested':
      return 'never run';
    case 'stale':
      return `stale: survived ${ageWords(s.ageDays)}`;
    default:
      return `${s.status}, ${ageWords(s.ageDays)}`;
  }
}

/**
 * Until when a survived result counts, and whether that has passed: a decision's confirmation
 * expires with the drill result behind it.
 */
export function validity(s: Pick<DrillStatus, 'status' | 'at'>, maxAgeMs: number): { expired: boolean; until: Date | null } {
  if (!s.at || (s.status !== 'survived' && s.status !== 'stale')) return { expired: false, until: null };
  return { expired: s.status === 'stale', until: new Date(s.at.getTime() + maxAgeMs) };
}
