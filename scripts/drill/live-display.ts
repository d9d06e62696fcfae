import type { Journal, JournalEvent } from '../../src/schemas/drill-journal.ts';

/**
 * The live display on stderr: on a terminal, a status line (phase, elapsed, one mark per probe)
 * redrawn every second under the event log; elsewhere (CI, a pipe) plain lines only.
 */
export function liveDisplay(stream: NodeJS.WriteStream = process.stderr): { onEvent: (e: JournalEvent, j: Journal) => void; stop: () => void } {
  const tty = stream.isTTY === true;
  const started = Date.now();
  let phase = 'starting';
  const probes = new Map<number, boolean>();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const status = () => `[${phase} ${elapsed()}] ${[...probes.entries()].sort(([a], [b]) => a - b).map(([i, ok]) => `${i + 1}:${ok ? 'ok' : 'DOWN'}`).join(' ')}`;
  const write = (line: string) => {
    if (tty) stream.write(`\r\x1b[2K${line}\n${status()}`);
    else stream.write(`${elapsed().padStart(7)} ${line}\n`);
  };
  const timer = tty ? setInterval(() => stream.write(`\r\x1b[2K${status()}`), 1000) : undefined;
  timer?.unref();
  return {
    onEvent(e) {
      if (e.type === 'phase') {
        phase = e.phase;
        write(`== ${e.phase}`);
      } else if (e.type === 'probe') {
        const changed = probes.get(e.probe) !== e.ok;
        probes.set(e.probe, e.ok);
        // Plain output stays readable: a probe is printed when its state changes, not on every poll.
        if (changed || e.phase === 'steady-before') write(`   probe ${e.probe + 1} ${e.ok ? 'ok  ' : 'DOWN'} ${e.description}: ${e.detail}`);
      } else if (e.type === 'action') {
        write(`   ${e.ok ? 'did' : 'FAILED'} ${e.description} (${e.ms} ms)${e.output ? `: ${e.output.split('\n')[0]}` : ''}`);
      } else {
        write(`   note: ${e.text}`);
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}
