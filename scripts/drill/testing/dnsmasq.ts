import { freePort, startProcess, waitFor, type ServerProcess } from '../../lab/testing/server-process.ts';
import { Resolver } from 'node:dns/promises';

/**
 * A real dnsmasq (Pi-hole's FTL is a fork of it) answering fixed A records on 127.0.0.1 only:
 * no upstream, no /etc/hosts, no daemonizing, nothing written outside the process.
 */
export interface LocalDnsmasq {
  /** `127.0.0.1:<port>`, as a DNS probe's `server`. */
  server: string;
  process: ServerProcess;
  stop(): Promise<void>;
}

export async function startDnsmasq(binary: string, records: Record<string, string>): Promise<LocalDnsmasq> {
  const port = await freePort();
  const args = [
    '--keep-in-foreground', '--no-resolv', '--no-hosts', '--no-poll', '--conf-file=/dev/null', '--pid-file=',
    '--listen-address=127.0.0.1', '--bind-interfaces', `--port=${port}`, '--log-facility=-',
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    ...Object.entries(records).map(([name, ip]) => `--address=/${name}/${ip}`),
  ];
  const proc = startProcess(binary, args);
  const server = `127.0.0.1:${port}`;
  try {
    const [name] = Object.keys(records);
    await waitFor(`dnsmasq on ${server}`, async () => {
      const r = new Resolver({ timeout: 500, tries: 1 });
      r.setServers([server]);
      return (await r.resolve4(name ?? 'example.invalid').catch((e: { code?: string }) => (e.code === 'ENOTFOUND' ? [] : undefined))) ? true : undefined;
    }, 20_000, proc);
  } catch (error) {
    await proc.stop();
    throw new Error(`${(error as Error).message}\n${proc.output()}`);
  }
  return { server, process: proc, stop: () => proc.stop() };
}
