/**
 * Timing of the node-exporter source for a 7,000-host fleet:
 *
 *   node scripts/lab/sources/node-exporter/bench.ts [hosts]
 *
 * The answers are GENERATED, FOR TIMING ONLY: every series is a copy of a series from the real
 * answers the tests recorded (`__recorded__/node-exporter/*.json`, same labels, same value format),
 * with nodename, instance, memory and file systems varied per host, and written compactly as
 * Prometheus does on the wire. 1 % of the targets are down (an `up` of 0 and no other series).
 * Nothing here is a real fleet; no test reads these numbers.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import type { RawOutput } from '../../collector.ts';
import { testFetchContext } from '../../testing/server-process.ts';
import { nodeExporterCollector, NodeExporterConfigSchema } from '../node-exporter.ts';
import { METRICS, rawFile, type Metric } from './query.ts';

const HOSTS = Number(process.argv[2] ?? 7000);
const recorded = path.join(import.meta.dirname, '../__recorded__/node-exporter');
type Series = { metric: Record<string, string>; value: [number, string] };
const template = (m: Metric): Series[] => JSON.parse(readFileSync(path.join(recorded, rawFile(m)), 'utf8')).data.result;

const [uname, osInfo, memory, fs, up] = METRICS.map(template) as [Series[], Series[], Series[], Series[], Series[]];
const liveUp = up.find((s) => s.value[1] === '1')!;
const deadUp = up.find((s) => s.value[1] === '0')!;
const MOUNTS = [['/', '/dev/vda', 'ext4'], ['/boot', '/dev/vda1', 'ext4'], ['/boot/efi', '/dev/vda15', 'vfat'], ['/srv', '/dev/vdb1', 'xfs']] as const;

function generate(): RawOutput {
  const out: Record<Metric, Series[]> = { node_uname_info: [], node_os_info: [], node_memory_MemTotal_bytes: [], node_filesystem_size_bytes: [], up: [] };
  for (let n = 0; n < HOSTS; n++) {
    const instance = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}:9100`;
    const at = (s: Series, labels: Record<string, string> = {}, value = s.value[1]): Series =>
      ({ metric: { ...s.metric, instance, ...labels }, value: [s.value[0], value] });
    if (n % 100 === 99) { out.up.push(at(deadUp)); continue; }
    out.up.push(at(liveUp));
    out.node_uname_info.push(at(uname[0]!, { nodename: `host-${String(n).padStart(5, '0')}.lab.example` }));
    out.node_os_info.push(at(osInfo[0]!));
    out.node_memory_MemTotal_bytes.push(at(memory[0]!, {}, String(2 ** 30 * (2 + (n % 62)))));
    for (const [mountpoint, device, fstype] of MOUNTS.slice(0, 1 + (n % MOUNTS.length))) {
      out.node_filesystem_size_bytes.push(at(fs[0]!, { mountpoint, device, fstype }, String(2 ** 30 * (8 + (n % 500)))));
    }
  }
  return Object.fromEntries(METRICS.map((m) => [rawFile(m), JSON.stringify({ status: 'success', data: { resultType: 'vector', result: out[m] } })]));
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const peakRss = () => mb(process.resourceUsage().maxRSS * 1024);
async function timed<T>(what: string, f: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await f();
  console.log(`${what.padEnd(44)} ${(performance.now() - start).toFixed(0).padStart(6)} ms   peak RSS so far ${peakRss()}`);
  return value;
}

console.log(`node-exporter bench: ${HOSTS} targets, Node ${process.version}, baseline peak RSS ${peakRss()}`);
const raw = await timed('generate answers (not part of a pull)', generate);
const bytes = Object.values(raw).reduce((sum, t) => sum + Buffer.byteLength(t), 0);
const series = Object.values(raw).reduce((sum, t) => sum + (JSON.parse(t) as { data: { result: unknown[] } }).data.result.length, 0);
console.log(`answers: ${series} series, ${mb(bytes)} of JSON`);

const config = NodeExporterConfigSchema.parse({ name: 'bench', type: 'node-exporter', url: 'http://127.0.0.1:1', job: 'node' });
let obs = await timed('parse (cold)', () => nodeExporterCollector.parse(raw, config));
for (let i = 1; i <= 3; i++) obs = await timed(`parse (run ${i + 1})`, () => nodeExporterCollector.parse(raw, config));
console.log(`parse found ${obs.entities.length} hosts (${obs.entities.filter((e) => e.status === 'down').length} down), ${obs.edges.length} edges`);

// A local stand-in for Prometheus serving the same answers, so JSON transfer and decoding count.
const server = createServer((req, res) => {
  const query = new URL(req.url!, 'http://x').searchParams.get('query') ?? '';
  const metric = METRICS.find((m) => query === m || query.startsWith(`${m}{`));
  if (!metric) return void res.writeHead(400).end('{"status":"error","errorType":"bad_data","error":"unknown query"}');
  res.writeHead(200, { 'content-type': 'application/json' }).end(raw[rawFile(metric)]);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const live = { ...config, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
const ctx = testFetchContext('bench');
for (let i = 1; i <= 3; i++) {
  await timed(`fetch 5 queries + parse over HTTP (run ${i})`, async () => nodeExporterCollector.parse(await nodeExporterCollector.fetch(live, ctx), live));
}
server.close();
console.log(`peak RSS ${peakRss()}`);
