import type { Probe } from '../../../src/schemas/drill.ts';
import { checkCommand } from './command.ts';
import { checkDns } from './dns.ts';
import { checkDockerHealth } from './docker-health.ts';
import { checkHttp } from './http.ts';
import type { ProbeCheck, ProbeResult } from './probe.ts';
import { checkPrometheus } from './prometheus.ts';
import { checkTcp } from './tcp.ts';

const CHECKS: { [T in Probe['type']]: ProbeCheck<Extract<Probe, { type: T }>> } = {
  http: checkHttp,
  tcp: checkTcp,
  dns: checkDns,
  command: checkCommand,
  docker_health: checkDockerHealth,
  prometheus: checkPrometheus,
};

/** A probe with no timeout of its own gets this: long enough for a slow answer, short next to a recovery window. */
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

/**
 * Runs one probe with its timeout. Never throws: a probe that breaks is a probe that does not
 * hold, recorded with why (the runner journals failures, it does not stop on them).
 */
export async function runProbe(probe: Probe, options: { signal: AbortSignal; env?: NodeJS.ProcessEnv }): Promise<ProbeResult> {
  const timeoutMs = probe.timeout ?? DEFAULT_PROBE_TIMEOUT_MS;
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]);
  const started = performance.now();
  const check = CHECKS[probe.type] as ProbeCheck<Probe>;
  let result: { ok: boolean; detail: string };
  let timer: NodeJS.Timeout | undefined;
  // A check that ignores its signal must still not hold the drill: a hard stop a second later.
  const hardStop = new Promise<{ ok: boolean; detail: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: 'no answer before the timeout' }), timeoutMs + 1000);
  });
  try {
    result = await Promise.race([check(probe, { signal, timeoutMs, env: options.env ?? process.env }), hardStop]);
  } catch (error) {
    result = { ok: false, detail: `probe error: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
  const ms = Math.round(performance.now() - started);
  if (!result.ok && signal.aborted && !options.signal.aborted && !/timeout/.test(result.detail)) result.detail += ` (timed out after ${timeoutMs} ms)`;
  return { ok: result.ok, ms, detail: result.detail };
}
