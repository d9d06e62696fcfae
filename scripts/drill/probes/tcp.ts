import { connect } from 'node:net';
import type { Probe } from '../../../src/schemas/drill.ts';
import { networkReason, type ProbeCheck } from './probe.ts';

type Tcp = Extract<Probe, { type: 'tcp' }>;

/** Opens a TCP connection and closes it again: something listens there. */
export const checkTcp: ProbeCheck<Tcp> = (p, { signal }) =>
  new Promise((resolve) => {
    const port = Number(p.port);
    const started = performance.now();
    const socket = connect({ host: p.host, port, signal });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ ok: true, detail: `connected in ${Math.round(performance.now() - started)} ms` });
    });
    socket.once('error', (error) => {
      socket.destroy();
      resolve({ ok: false, detail: networkReason(error) });
    });
  });
