import { describeAction, describeProbe, probeLabel } from '../../src/lib/describe-drill.ts';
import { formatDuration } from '../../src/lib/format.ts';
import type { LoadedDrill } from './load-drill.ts';

/** What `--dry-run` prints: the drill as it would run, variables filled in, nothing touched. */
export function formatPlan(drill: LoadedDrill): string {
  const d = drill.resolved;
  const list = (items: string[]) => items.map((s, i) => `  ${i + 1}. ${s}`).join('\n');
  return [
    `Drill ${drill.id} (${drill.file}), ${d.mode}${d.mode === 'production' ? ': needs --yes or a confirmation' : ''}`,
    `Targets: ${d.targets.join(', ')}`,
    `Hypothesis: ${d.hypothesis}`,
    ...(drill.variables.length ? [`Variables: ${drill.variables.map((v) => `${v.name}=${v.value}${v.fromDefault ? ' (default)' : ''}`).join(', ')}`] : []),
    'Steady state (must hold before the fault, and again within the recovery window):',
    list(d.steady_state.map((p) => `${probeLabel(p) ? `${probeLabel(p)}: ` : ''}${describeProbe(p)}`)),
    'Fault:',
    list(d.fault.map(describeAction)),
    `Recovery: poll every ${formatDuration(d.recovery.poll_interval)} for up to ${formatDuration(d.recovery.timeout)}`,
    'Rollback (always):',
    d.rollback.length ? list(d.rollback.map(describeAction)) : '  (none: the lab must recover on its own)',
    `Definition ${drill.definitionHash}`,
    'Dry run: nothing was touched.',
  ].join('\n');
}
