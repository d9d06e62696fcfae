import { Resolver } from 'node:dns/promises';
import { isIPv6 } from 'node:net';
import type { Probe } from '../../../src/schemas/drill.ts';
import type { ProbeCheck } from './probe.ts';

type Dns = Extract<Probe, { type: 'dns' }>;

/** Asks exactly the resolver the drill names (not the system's), once, for an A (or AAAA) answer. */
export const checkDns: ProbeCheck<Dns> = async (p, { signal, timeoutMs }) => {
  const resolver = new Resolver({ timeout: Math.max(100, timeoutMs), tries: 1 });
  try {
    resolver.setServers([p.server]);
  } catch (error) {
    return { ok: false, detail: `bad resolver address "${p.server}" (${(error as Error).message}); expected an IP like 192.168.1.2 or 192.168.1.2:53` };
  }
  const cancel = () => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const answers = p.expect && isIPv6(p.expect) ? await resolver.resolve6(p.name) : await resolver.resolve4(p.name);
    if (p.expect && !answers.includes(p.expect)) return { ok: false, detail: `answered ${answers.join(', ')} (expected ${p.expect})` };
    return { ok: true, detail: `answered ${answers.join(', ')}` };
  } catch (error) {
    const e = error as { code?: string; message: string };
    return { ok: false, detail: signal.aborted ? 'no answer before the timeout' : `${e.code ?? 'error'}: ${e.message}` };
  } finally {
    signal.removeEventListener('abort', cancel);
  }
};
