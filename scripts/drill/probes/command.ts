import type { Probe } from '../../../src/schemas/drill.ts';
import { runShell } from '../shell.ts';
import type { ProbeCheck } from './probe.ts';

type Command = Extract<Probe, { type: 'command' }>;

const last = (text: string) => text.trim().split('\n').slice(-1)[0]?.slice(0, 200) ?? '';

/** Runs the command (here or over ssh): the exit code must match and stdout contain the text. */
export const checkCommand: ProbeCheck<Command> = async (p, { signal, timeoutMs, env }) => {
  try {
    const r = await runShell(p.run, p.ssh, { signal, timeoutMs, env });
    if (r.exitCode !== p.exit_code) return { ok: false, detail: `exited ${r.exitCode} (expected ${p.exit_code})${r.stderr.trim() ? `: ${last(r.stderr)}` : ''}` };
    if (p.output_contains && !r.stdout.includes(p.output_contains)) return { ok: false, detail: `exited ${r.exitCode} but printed no "${p.output_contains}" (last line: ${last(r.stdout) || 'nothing'})` };
    return { ok: true, detail: `exited ${r.exitCode}${p.output_contains ? `, printed "${p.output_contains}"` : ''}` };
  } catch (error) {
    return { ok: false, detail: (error as Error).message.split('\n').slice(0, 3).join(' ') };
  }
};
