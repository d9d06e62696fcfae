/** `2026-09-14`: unambiguous everywhere, and sorts as text. */
export function formatDate(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 10) : 'unknown';
}

/** Whole days from `date` to `now`. */
export function ageInDays(date: Date, now = new Date()): number {
  return Math.floor((now.getTime() - date.getTime()) / 86_400_000);
}

/** `2h 15m` from milliseconds. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join(' ') || `${ms}ms`;
}
