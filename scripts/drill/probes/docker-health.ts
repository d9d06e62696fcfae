import type { Probe } from '../../../src/schemas/drill.ts';
import { containerState } from '../docker-cli.ts';
import type { ProbeCheck } from './probe.ts';

type DockerHealth = Extract<Probe, { type: 'docker_health' }>;

/** Healthy by its health check; a container without one must at least be running and not paused. */
export const checkDockerHealth: ProbeCheck<DockerHealth> = async (p, { signal, timeoutMs, env }) => {
  try {
    const s = await containerState(p.endpoint, p.container, { signal, timeoutMs, env });
    if (s.Paused) return { ok: false, detail: 'paused' };
    if (!s.Running) return { ok: false, detail: `${s.Status}${s.Status === 'exited' ? ` (exit code ${s.ExitCode})` : ''}` };
    if (!s.Health) return { ok: true, detail: 'running (no health check defined)' };
    const ok = s.Health.Status === 'healthy';
    const lastLog = s.Health.Log?.at(-1);
    return { ok, detail: `${s.Health.Status}${!ok && lastLog ? ` (last check exited ${lastLog.ExitCode})` : ''}` };
  } catch (error) {
    return { ok: false, detail: (error as Error).message.split('\n').slice(0, 3).join(' ') };
  }
};
