import { freePort, startProcess, waitFor } from './server-process.ts';

/**
 * A real `prometheus-node-exporter` on 127.0.0.1 at a free port with the host-inventory
 * collectors only (uname, os, meminfo, filesystem): what the node-exporter collector reads.
 * `startNodeExporter` in `prometheus.ts` stays as it is (one cheap collector, for target tests).
 */

export const INVENTORY_COLLECTORS = ['uname', 'os', 'meminfo', 'filesystem'] as const;

export interface LocalNodeExporter {
  /** `127.0.0.1:<port>`: the scrape target, and the `instance` label Prometheus gives it. */
  address: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startInventoryNodeExporter(binary: string, collectors: readonly string[] = INVENTORY_COLLECTORS): Promise<LocalNodeExporter> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const proc = startProcess(binary, [
    `--web.listen-address=${address}`,
    '--collector.disable-defaults',
    ...collectors.map((c) => `--collector.${c}`),
  ]);
  try {
    // Ready means the collectors answer, not just the port: wait for the uname series if enabled.
    const marker = collectors.includes('uname') ? 'node_uname_info{' : '';
    await waitFor(`node exporter on ${address}`, async () => {
      const response = await fetch(`http://${address}/metrics`);
      return response.ok && (await response.text()).includes(marker) ? true : undefined;
    }, 30_000, proc);
  } catch (error) {
    await proc.stop();
    throw new Error(`${String(error)}\n${proc.output()}`);
  }
  return { address, pid: proc.pid, stop: () => proc.stop() };
}
