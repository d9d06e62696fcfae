import path from 'node:path';
import { DrillSchema } from '../../src/schemas/drill.ts';
import type { Journal } from '../../src/schemas/drill-journal.ts';
import type { Entity } from '../../src/schemas/lab.ts';
import type { Policy } from '../../src/schemas/policy.ts';
import { drillStatus } from '../../src/lib/drills/survival.ts';
import { entryId } from '../../src/lib/entry-id.ts';
import type { ContentFile } from '../../src/lib/validate-content.ts';
import type { Problem } from './links.ts';

const days = (ms: number) => `${Math.round(ms / 86_400_000)} day${Math.round(ms / 86_400_000) === 1 ? '' : 's'}`;

/**
 * Drills whose claim has expired: run in (or aimed at an entity in) a gated mode, and with no
 * conclusive run younger than their `max_age`, whatever that run's outcome. Warnings (gate
 * `drills`); `--strict` fails on them when the policy says so. Invalid drills are left to the
 * front matter check.
 */
export function checkDrillAges(files: (ContentFile & { text: string })[], journals: readonly Journal[], entities: readonly Entity[], policy: Pick<Policy, 'drillModes' | 'untestedDrillsFail'>, contentPath: string, root: string, now: Date): Problem[] {
  const modeOf = new Map(entities.flatMap((e) => [e.id, ...e.aliases].map((id) => [id, e.mode] as const)));
  const problems: Problem[] = [];
  for (const f of files.filter((x) => x.section === 'drills')) {
    const parsed = DrillSchema.safeParse(f.data);
    if (!parsed.success) continue;
    const drill = parsed.data;
    const production = drill.targets.filter((t) => policy.drillModes.includes(modeOf.get(t) ?? 'sandbox'));
    if (!policy.drillModes.includes(drill.mode) && production.length === 0) continue;
    const id = entryId(path.relative(path.join(contentPath, 'drills'), f.file));
    const status = drillStatus({ id, targets: drill.targets, maxAge: drill.max_age }, journals, now);
    const lines = f.text.split('\n');
    const line = lines.findIndex((l) => /^max_age\s*:/.test(l)) + 1 || 1;
    const aim = `(${drill.mode}; targets ${drill.targets.join(', ')})`;
    const file = path.relative(root, f.file);
    const rerun = `run it again (\`npm run drill -- ${id}\`), or record a run done by hand (\`npm run drill:record\`)`;
    if (!status.at) {
      if (policy.untestedDrillsFail) problems.push({ file, line, column: 1, gate: 'drills', severity: 'warning', message: `drill ${id} ${aim} has never run to a conclusion (no survived, degraded or failed journal in content/lab/drills/${id}/): ${rerun.replace('again ', '')}` });
      continue;
    }
    const age = now.getTime() - status.at.getTime();
    if (age > drill.max_age) {
      problems.push({ file, line, column: 1, gate: 'drills', severity: 'warning', message: `drill ${id} ${aim} last ran ${days(age)} ago (${status.latest!.outcome}, ${status.at.toISOString().slice(0, 10)}), longer than its max_age of ${days(drill.max_age)}: ${rerun}` });
    }
  }
  return problems;
}
