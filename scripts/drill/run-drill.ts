import type { Action } from '../../src/schemas/drill.ts';
import { JOURNAL_SCHEMA_VERSION, type Journal, type JournalEvent, type Phase } from '../../src/schemas/drill-journal.ts';
import { describeAction, describeProbe, probeLabel } from '../../src/lib/describe-drill.ts';
import { runAction } from './actions/index.ts';
import type { Operator } from './actions/action.ts';
import { journalPath, journalWriter } from './journal-file.ts';
import type { LoadedDrill } from './load-drill.ts';
import { runProbe } from './probes/index.ts';
import type { ProbeResult } from './probes/probe.ts';
import { secretValues } from './redact-text.ts';

export interface RunDrillOptions {
  drill: LoadedDrill;
  contentPath: string;
  /** Aborted on Ctrl-C / SIGTERM: the run stops, the rollback still runs, the outcome is `aborted`. */
  signal: AbortSignal;
  /** Aborted only to abandon the rollback itself (a third Ctrl-C). */
  rollbackSignal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  operator?: Operator;
  operatorName: string;
  labSnapshot: string | null;
  /** Every journal event as it happens (the live display, a test's recorder). */
  onEvent?: (event: JournalEvent, journal: Journal) => void;
}

/** The run stopped because the drill itself could not do what it says: outcome `error`. */
class DrillBroke extends Error {}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => { signal.removeEventListener('abort', stop); resolve(); }, ms);
    const stop = () => { clearTimeout(t); reject(signal.reason); };
    signal.addEventListener('abort', stop, { once: true });
  });

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** How long after the fault the probes first look. */
const FIRST_LOOK_MS = 250;

/**
 * Runs one drill: steady state, fault, recovery, rollback. Assumes a validated drill and that the
 * caller holds the drill lock and has passed the kill switch and production guards. Every step is
 * journalled as it happens; failures of probes are results, failures of the drill are outcomes;
 * the rollback runs whatever happened (unless the drill refused to start and touched nothing).
 */
export async function runDrill(o: RunDrillOptions): Promise<{ journal: Journal; file: string }> {
  const d = o.drill.resolved;
  const env = o.env ?? process.env;
  const restoreEnvs = [...d.fault, ...d.rollback].flatMap((a) => (a.type === 'restore' && a.password_env ? [a.password_env] : []));
  const now = () => new Date().toISOString();
  const journal: Journal = {
    schemaVersion: JOURNAL_SCHEMA_VERSION,
    drill: o.drill.id,
    definitionHash: o.drill.definitionHash,
    origin: 'runner',
    labSnapshot: o.labSnapshot,
    targets: d.targets,
    mode: d.mode,
    operator: o.operatorName,
    startedAt: now(),
    finishedAt: null,
    outcome: 'running',
    recoveryMs: null,
    rollbackOk: null,
    events: [],
  };
  const file = journalPath(o.contentPath, o.drill.id, journal.startedAt);
  const writer = journalWriter(file, secretValues(env, restoreEnvs));
  const emit = async (event: JournalEvent) => {
    journal.events.push(event);
    o.onEvent?.(event, journal);
    await writer.write(journal);
  };
  const phase = (p: Phase) => emit({ type: 'phase', at: now(), phase: p });
  const probeRound = async (p: Phase, signal: AbortSignal): Promise<ProbeResult[]> => {
    const results = await Promise.all(d.steady_state.map((probe) => runProbe(probe, { signal, env })));
    for (const [i, r] of results.entries()) {
      const probe = d.steady_state[i]!;
      await emit({ type: 'probe', at: now(), phase: p, probe: i, description: `${probeLabel(probe) ? `${probeLabel(probe)}: ` : ''}${describeProbe(probe)}`, ok: r.ok, ms: r.ms, detail: r.detail });
    }
    return results;
  };
  const act = async (p: Phase, action: Action, signal: AbortSignal) => {
    const r = await runAction(action, { signal, env, operator: o.operator });
    await emit({ type: 'action', at: now(), phase: p, description: describeAction(action), ok: r.ok, ms: r.ms, output: r.output.slice(0, 4000) });
    return r;
  };

  await writer.write(journal);
  let touched = false;
  try {
    if (o.drill.variables.length) {
      await emit({ type: 'note', at: now(), text: `variables: ${o.drill.variables.map((v) => `${v.name}=${v.value}${v.fromDefault ? ' (default)' : ''}`).join(', ')}` });
    }
    await phase('steady-before');
    const before = await probeRound('steady-before', o.signal);
    o.signal.throwIfAborted();
    const failing = before.flatMap((r, i) => (r.ok ? [] : [`probe ${i + 1}: ${r.detail}`]));
    if (failing.length) {
      journal.outcome = 'aborted';
      journal.reason = `refused: the steady state does not hold before the fault (${failing.join('; ')}); nothing was touched. Fix the lab (or the probe) and run the drill again.`;
      return { journal, file };
    }

    await phase('fault');
    touched = true;
    for (const [i, action] of d.fault.entries()) {
      o.signal.throwIfAborted();
      const r = await act('fault', action, o.signal);
      if (r.ok && r.restore) journal.restore = r.restore;
      if (!r.ok) {
        o.signal.throwIfAborted();
        throw new DrillBroke(`fault action ${i + 1} (${describeAction(action)}) failed: ${r.output}`);
      }
    }
    const faultEnd = performance.now();

    await phase('recovery');
    const deadline = faultEnd + d.recovery.timeout;
    const broke = new Set<number>();
    let polled = false;
    for (;;) {
      // A short settle before the first look (a probe in the same millisecond as a kill can still see
      // the old process), then every poll interval: recovery is measured to within one interval.
      const wait = polled ? d.recovery.poll_interval : Math.min(FIRST_LOOK_MS, d.recovery.poll_interval);
      polled = true;
      await sleep(Math.max(0, Math.min(wait, deadline - performance.now())), o.signal);
      const roundStart = performance.now();
      const results = await probeRound('recovery', o.signal);
      o.signal.throwIfAborted();
      results.forEach((r, i) => { if (!r.ok) broke.add(i); });
      if (results.every((r) => r.ok)) {
        journal.recoveryMs = Math.round(roundStart - faultEnd);
        journal.outcome = 'survived';
        journal.reason = `steady state held again ${seconds(journal.recoveryMs)} after the fault`;
        break;
      }
      if (performance.now() >= deadline) {
        // Of the probes the fault broke, which came back: some is degraded, none is failed.
        const down = results.flatMap((r, i) => (r.ok ? [] : [`probe ${i + 1} (${r.detail})`]));
        const back = [...broke].filter((i) => results[i]!.ok).length;
        journal.outcome = back > 0 ? 'degraded' : 'failed';
        journal.reason = `not steady within ${seconds(d.recovery.timeout)}: ${down.join('; ')} still failing${back ? `; ${back} of ${broke.size} broken probes came back` : ''}`;
        break;
      }
    }
    const restored = journal.restore;
    if (restored && !restored.verified) {
      journal.outcome = 'failed';
      journal.reason = `the restore did not verify: ${restored.problem ?? 'no reason given'}`;
    } else if (restored) {
      journal.reason = `restore of ${restored.tool} snapshot ${restored.snapshot} verified (${restored.files} files, ${restored.bytes} bytes, ${restored.checksumsCompared} checksums compared, restored in ${seconds(restored.restoreMs)}); ${journal.reason}`;
    }
  } catch (error) {
    if (o.signal.aborted) {
      journal.outcome = 'aborted';
      journal.reason = `interrupted (${String(o.signal.reason instanceof Error ? o.signal.reason.message : o.signal.reason)}) during ${lastPhase(journal)}`;
    } else {
      journal.outcome = 'error';
      journal.reason = error instanceof DrillBroke ? error.message : `the drill itself broke: ${(error as Error).message}`;
    }
  } finally {
    if (touched) await rollback(o, journal, act, probeRound, emit);
    await phase('done');
    journal.finishedAt = now();
    await writer.write(journal);
  }
  return { journal, file };
}

function lastPhase(journal: Journal): Phase {
  return [...journal.events].reverse().find((e): e is Extract<JournalEvent, { type: 'phase' }> => e.type === 'phase')?.phase ?? 'steady-before';
}

/**
 * Runs every rollback action (one failing does not skip the others), then watches the steady
 * state for a short while so the journal says whether the lab is back.
 */
async function rollback(
  o: RunDrillOptions,
  journal: Journal,
  act: (p: Phase, a: Action, s: AbortSignal) => Promise<{ ok: boolean }>,
  probeRound: (p: Phase, s: AbortSignal) => Promise<ProbeResult[]>,
  emit: (e: JournalEvent) => Promise<void>,
): Promise<void> {
  const d = o.drill.resolved;
  const signal = o.rollbackSignal ?? new AbortController().signal;
  await emit({ type: 'phase', at: new Date().toISOString(), phase: 'rollback' });
  let ok = true;
  for (const action of d.rollback) {
    if (signal.aborted) {
      ok = false;
      await emit({ type: 'note', at: new Date().toISOString(), text: `rollback abandoned by the operator before: ${describeAction(action)}` });
      continue;
    }
    ok = (await act('rollback', action, signal)).ok && ok;
  }
  journal.rollbackOk = ok;
  if (journal.outcome === 'survived' || signal.aborted) return;
  const deadline = performance.now() + Math.min(d.recovery.timeout, 30_000);
  for (;;) {
    const results = await probeRound('rollback', signal);
    if (results.every((r) => r.ok)) {
      await emit({ type: 'note', at: new Date().toISOString(), text: 'after the rollback the steady state holds again' });
      return;
    }
    if (performance.now() >= deadline || signal.aborted) break;
    await sleep(d.recovery.poll_interval, signal).catch(() => undefined);
  }
  await emit({ type: 'note', at: new Date().toISOString(), text: 'after the rollback the steady state still does NOT hold: check the lab by hand' });
}
