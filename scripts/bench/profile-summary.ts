/**
 * `node scripts/bench/profile-summary.ts <file.cpuprofile> [top]`: the functions that took the
 * most CPU time in a V8 profile (`--profile DIR` of the bench), self time and inclusive time,
 * for a report when a target is missed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

export function summarize(profile: Profile, top = 15): { name: string; selfMs: number; totalMs: number }[] {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  for (const [id, ms] of self) {
    selfBy.set(key(byId.get(id)!), (selfBy.get(key(byId.get(id)!)) ?? 0) + ms);
    // Inclusive: every distinct function on the stack of this sample gets its time once.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at)!);
      if (!seen.has(k)) totalBy.set(k, (totalBy.get(k) ?? 0) + ms);
      seen.add(k);
    }
  }
  return [...selfBy.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, selfMs]) => ({ name, selfMs, totalMs: totalBy.get(name) ?? selfMs }));
}

if (import.meta.main) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node scripts/bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  for (const row of summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 15))) {
    console.log(`${row.selfMs.toFixed(0).padStart(8)} ms self ${row.totalMs.toFixed(0).padStart(8)} ms total  ${row.name}`);
  }
}
