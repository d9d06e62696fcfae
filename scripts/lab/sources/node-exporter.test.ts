import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema, type EntityInput } from '../../../src/schemas/lab.ts';
import { toolOrSkip } from '../../../tests/helpers/require-tool.ts';
import type { FetchContext, RawOutput } from '../collector.ts';
import { startInventoryNodeExporter, type LocalNodeExporter } from '../testing/node-exporter.ts';
import { startPrometheus, type LocalPrometheus } from '../testing/prometheus.ts';
import { freePort, testFetchContext, waitFor } from '../testing/server-process.ts';
import { nodeExporterCollector, NodeExporterConfigSchema, type NodeExporterConfig } from './node-exporter.ts';
import { instantQuery, METRICS, queries, rawFile } from './node-exporter/query.ts';

const recorded = path.join(import.meta.dirname, '__recorded__/node-exporter');
const config = (over: Partial<NodeExporterConfig> = {}): NodeExporterConfig =>
  NodeExporterConfigSchema.parse({ name: 'nodes', type: 'node-exporter', url: 'http://127.0.0.1:9090', ...over });

function valid(observation: { entities: unknown[]; edges: unknown[] }) {
  for (const e of observation.entities) EntitySchema.parse(e);
  for (const e of observation.edges) EdgeSchema.parse(e);
}

/**
 * The pull runner's `get` (httpGet in scripts/lab/pull.ts): on a non-2xx answer its message carries
 * the first 200 characters of the body, which is where Prometheus puts its error text.
 */
function pullLikeContext(counter?: string[]): FetchContext {
  return {
    ...testFetchContext('nodes'),
    async get(url, init) {
      counter?.push(url);
      const res = await fetch(url, { headers: init?.headers, signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${res.statusText}: ${text.slice(0, 200)}`);
      return text;
    },
  };
}

const byName = (entities: EntityInput[]) => Object.fromEntries(entities.map((e) => [e.name, e]));

describe('node-exporter parse of recorded real answers', () => {
  let raw: RawOutput = {};
  let live = '';
  let dead = '';
  beforeAll(() => {
    raw = Object.fromEntries(METRICS.map((m) => [rawFile(m), readFileSync(path.join(recorded, rawFile(m)), 'utf8')]));
    const up = JSON.parse(raw['up.json']!).data.result as { metric: { instance: string }; value: string[] }[];
    live = up.find((s) => s.value[1] === '1')!.metric.instance;
    dead = up.find((s) => s.value[1] === '0')!.metric.instance;
  });

  it('finds the recording machine up with its facts, and the dead target down', () => {
    const obs = nodeExporterCollector.parse(raw, config({ job: 'node' }));
    valid(obs);
    // Values of the machine that recorded (see PROVENANCE.md): re-recording elsewhere changes them.
    expect(obs.entities).toEqual([
      { id: 'host:127.0.0.1', kind: 'host', name: '127.0.0.1', status: 'down', sources: ['nodes'], aliases: [],
        attributes: { exporter: { instance: dead, job: 'node', up: false } } },
      { id: 'host:vm', kind: 'host', name: 'vm', status: 'up', sources: ['nodes'], aliases: [],
        attributes: {
          hostname: 'vm', os: { id: 'debian', name: 'Debian GNU/Linux', version: '12' }, kernel: '6.18.44-fc-v595', arch: 'x86_64',
          memoryBytes: 25276514304, filesystems: [{ source: '/dev/vda', mount: '/', fstype: 'ext4', sizeBytes: 270553174016 }],
          exporter: { instance: live, job: 'node', up: true },
        } },
    ]);
    expect(obs.edges).toEqual([dead, live].map((instance, i) => ({
      from: i ? 'host:vm' : 'host:127.0.0.1', to: `target:node/${instance}`, type: 'monitored-by',
      evidence: [{ kind: 'observed', source: 'nodes', via: 'node exporter' }] })));
  });

  it('gives the same result without a job (the node job is the one with node_* series) and after sanitize', () => {
    const obs = nodeExporterCollector.parse(raw, config({ job: 'node' }));
    expect(nodeExporterCollector.parse(raw, config())).toEqual(obs);
    expect(nodeExporterCollector.parse(nodeExporterCollector.sanitize!(raw, config()), config({ job: 'node' }))).toEqual(obs);
  });

  it('turns the recorded real 400 answer into one line naming the query and Prometheus\' error', async () => {
    const body = readFileSync(path.join(recorded, 'error-bad-query.json'), 'utf8').trim();
    const ctx: FetchContext = { ...testFetchContext('nodes'), get: async (url) => { throw new Error(`GET ${url}: 400 Bad Request: ${body.slice(0, 200)}`); } };
    const error = await instantQuery(config(), ctx, 'node_uname_info{', {}).catch((e: Error) => e.message);
    expect(error).toBe('node-exporter source nodes: query `node_uname_info{` at http://127.0.0.1:9090/api/v1/query failed: Prometheus answered 400 bad_data: '
      + 'invalid parameter "query": 1:17: parse error: unexpected end of input inside braces. Prometheus rejected the query: check the job value in sources.yaml.');
  });
});

describe('node-exporter parse rules', () => {
  const answer = (series: [Record<string, string>, string][]) =>
    JSON.stringify({ status: 'success', data: { resultType: 'vector', result: series.map(([metric, v]) => ({ metric, value: [1, v] })) } });
  const raw = (parts: Partial<Record<(typeof METRICS)[number], [Record<string, string>, string][]>>): RawOutput =>
    Object.fromEntries(METRICS.map((m) => [rawFile(m), answer(parts[m] ?? [])]));

  it('ignores other jobs in `up` unless one job is configured, and names down hosts by their instance', () => {
    const input = raw({
      node_uname_info: [[{ instance: 'nas.lab.example:9100', job: 'node', nodename: 'NAS', release: '6.1.0', machine: 'aarch64' }, '1']],
      node_filesystem_size_bytes: [
        [{ instance: 'nas.lab.example:9100', job: 'node', device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/run' }, '100'],
        [{ instance: 'nas.lab.example:9100', job: 'node', device: '/dev/sdb1', fstype: 'ext4', mountpoint: '/srv' }, '2000'],
        [{ instance: 'nas.lab.example:9100', job: 'node', device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' }, '1000'],
      ],
      up: [
        [{ instance: 'nas.lab.example:9100', job: 'node' }, '1'],
        [{ instance: 'pi.lab.example:9100', job: 'node' }, '0'],
        [{ instance: 'localhost:9090', job: 'prometheus' }, '1'],
      ],
    });
    const obs = nodeExporterCollector.parse(input, config());
    valid(obs);
    const hosts = byName(obs.entities);
    expect(Object.keys(hosts)).toEqual(['nas', 'pi']);
    expect(hosts['nas']).toMatchObject({ id: 'host:nas', status: 'up', aliases: ['nas.lab.example'] });
    expect(hosts['nas']!.attributes!['filesystems']).toEqual([
      { source: '/dev/sda1', mount: '/', fstype: 'ext4', sizeBytes: 1000 }, { source: '/dev/sdb1', mount: '/srv', fstype: 'ext4', sizeBytes: 2000 }]);
    expect(hosts['pi']).toEqual({ id: 'host:pi', kind: 'host', name: 'pi', status: 'down', sources: ['nodes'], aliases: ['pi.lab.example'],
      attributes: { exporter: { instance: 'pi.lab.example:9100', job: 'node', up: false } } });
    expect(Object.keys(byName(nodeExporterCollector.parse(input, config({ job: 'prometheus' })).entities))).toContain('localhost');
  });

  it('keeps one host per machine when two targets report the same nodename, linking both targets', () => {
    const obs = nodeExporterCollector.parse(raw({
      node_uname_info: [[{ instance: '10.0.0.5:9100', job: 'node', nodename: 'nas' }, '1']],
      up: [[{ instance: '10.0.0.5:9100', job: 'node' }, '1'], [{ instance: 'nas:9100', job: 'node' }, '0']],
    }), config());
    // `nas:9100` is down, so named by its instance: host:nas again. The live sighting's facts win.
    expect(obs.entities).toHaveLength(1);
    expect(obs.entities[0]).toMatchObject({ id: 'host:nas', status: 'up', aliases: ['10.0.0.5'], attributes: { exporter: { instance: '10.0.0.5:9100', up: true } } });
    expect(obs.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['host:nas -> target:node/10.0.0.5:9100', 'host:nas -> target:node/nas:9100']);
  });

  it('sanitize redacts secret target labels and URL credentials, and parse reads the same', () => {
    const input = raw({ up: [[{ instance: 'https://u:pw-canary@probe.example/metrics', job: 'node', api_token: 'token-canary' }, '0']] });
    const clean = nodeExporterCollector.sanitize!(input, config());
    expect(JSON.stringify(clean)).not.toMatch(/canary/);
    expect(JSON.stringify(nodeExporterCollector.parse(input, config({ job: 'node' })))).not.toMatch(/canary/);
    expect(nodeExporterCollector.parse(clean, config({ job: 'node' }))).toEqual(nodeExporterCollector.parse(input, config({ job: 'node' })));
  });

  it('builds one query per metric, with the job as an escaped PromQL string', () => {
    const q = queries('we"ird\\job');
    expect(q.up).toBe('up{job="we\\"ird\\\\job"}');
    expect(q.node_filesystem_size_bytes).toMatch(/^node_filesystem_size_bytes\{fstype!~"tmpfs\|[^"]*overlay\|[^"]*squashfs[^"]*",job="we\\"ird\\\\job"\}$/);
    expect(queries(undefined).node_uname_info).toBe('node_uname_info');
  });

  it('config reuses the Prometheus rules: base url without credentials, env var NAMES', () => {
    expect(() => config({ url: 'http://admin:secret@prom:9090' })).toThrow(/credentials/);
    expect(() => config({ bearerTokenEnv: 'abc.def-123' })).toThrow(/NAME of an environment variable/);
    expect(config({ job: 'node' })).toMatchObject({ type: 'node-exporter', job: 'node' });
  });
});

describe('node-exporter fetch errors (stand-in server)', () => {
  let server: Server;
  let url: string;
  const bad = '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:9: parse error: unexpected character: \'!\'"}';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer good-token') return void res.writeHead(401).end('unauthorized');
      const query = new URL(req.url!, 'http://x').searchParams.get('query') ?? '';
      if (query.startsWith('node_os_info')) return void res.writeHead(400, { 'content-type': 'application/json' }).end(bad);
      if (query.startsWith('up')) return void res.writeHead(200).end('{"status":"error","errorType":"execution","error":"query timed out"}');
      res.writeHead(200).end('{"status":"success","data":{"resultType":"vector","result":[]}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const env = { PROM_TOKEN: 'good-token', BAD_TOKEN: 'wrong-token-value' };

  it('a 400 error answer: one line naming the query and Prometheus\' error text', async () => {
    const error = await nodeExporterCollector.fetch(config({ url, bearerTokenEnv: 'PROM_TOKEN', job: 'node' }), { ...pullLikeContext(), env })
      .catch((e: Error) => e.message);
    expect(error).toBe(`node-exporter source nodes: query \`node_os_info{job="node"}\` at ${url}/api/v1/query failed: Prometheus answered 400 bad_data: `
      + 'invalid parameter "query": 1:9: parse error: unexpected character: \'!\'. Prometheus rejected the query: check the job value in sources.yaml.');
    // The test runner's get leaves the body out of its message: the query and the status still show.
    const bare = await nodeExporterCollector.fetch(config({ url, bearerTokenEnv: 'PROM_TOKEN' }), { ...testFetchContext('nodes'), env }).catch((e: Error) => e.message);
    expect(bare).toMatch(/^node-exporter source nodes: query `node_os_info` at http:\S+\/api\/v1\/query failed: .*400 Bad Request\. [^\n]*$/);
  });

  it('a 200 answer with status "error" is an error too, and a bad token names its env var', async () => {
    const server200 = (q: string) => instantQuery({ name: 'nodes', url, bearerTokenEnv: 'PROM_TOKEN' }, { ...pullLikeContext(), env }, q, { Authorization: 'Bearer good-token' });
    await expect(server200('up')).rejects.toThrow(/^node-exporter source nodes: query `up` at .* failed: Prometheus answered execution: query timed out\. Prometheus could not run the query/);
    const error = await nodeExporterCollector.fetch(config({ url, bearerTokenEnv: 'BAD_TOKEN' }), { ...pullLikeContext(), env }).catch((e: Error) => e.message);
    expect(error).toMatch(/query `node_uname_info` .* failed: 401 .*check that \$BAD_TOKEN holds a valid bearer token/);
    expect(error).not.toContain('wrong-token-value');
    await expect(nodeExporterCollector.fetch(config({ url, bearerTokenEnv: 'UNSET_TOKEN' }), { ...pullLikeContext(), env })).rejects.toThrow(/\$UNSET_TOKEN .* not set/);
  });
});

const prometheusBin = toolOrSkip('prometheus', 'Install it with `apt-get install -y prometheus`', 'node-exporter collector');
const exporterBin = toolOrSkip('prometheus-node-exporter', 'Install it with `apt-get install -y prometheus-node-exporter`', 'node-exporter collector');

describe.skipIf(prometheusBin === 'skip' || exporterBin === 'skip')('node-exporter collector against a real Prometheus and node exporter', () => {
  let prom: LocalPrometheus | undefined;
  let exporter: LocalNodeExporter | undefined;
  let dead: string;
  beforeAll(async () => {
    exporter = await startInventoryNodeExporter(exporterBin);
    dead = `127.0.0.1:${await freePort()}`; // nothing listens there: a down target in the same job
    prom = await startPrometheus(prometheusBin, [{ job: 'node', targets: [exporter.address, dead] }]);
  }, 120_000);
  afterAll(async () => {
    await prom?.stop();
    await exporter?.stop();
  }, 30_000);

  it('finds this machine with its real kernel, host name, memory and root file system, and the dead target down', async () => {
    const cfg = config({ url: prom!.url, job: 'node' });
    const requests: string[] = [];
    // Scraped once is not enough: wait until the answers hold both targets and this host's facts.
    const { raw, obs } = await waitFor('both targets in the query answers', async () => {
      requests.length = 0;
      const raw = await nodeExporterCollector.fetch(cfg, pullLikeContext(requests));
      const obs = nodeExporterCollector.parse(raw, cfg);
      const ready = obs.entities.length === 2 && obs.entities.every((e) => e.status !== 'unknown') && obs.entities.some((e) => e.attributes?.['filesystems']);
      return ready ? { raw, obs } : undefined;
    }, 60_000);
    expect(requests).toHaveLength(5);
    expect(requests.map((u) => new URL(u).pathname)).toEqual(Array(5).fill('/api/v1/query'));
    valid(obs);
    const me = obs.entities.find((e) => e.status === 'up')!;
    expect(me).toMatchObject({ name: os.hostname().split('.')[0]!.toLowerCase(), aliases: expect.not.arrayContaining(['127.0.0.1']) });
    expect(me.attributes).toMatchObject({ hostname: os.hostname(), kernel: os.release(), arch: os.machine(), exporter: { instance: exporter!.address, job: 'node', up: true } });
    expect(Math.abs((me.attributes!['memoryBytes'] as number) / os.totalmem() - 1)).toBeLessThan(0.01);
    expect(me.attributes!['filesystems']).toEqual(expect.arrayContaining([expect.objectContaining({ mount: '/' })]));
    expect(obs.entities.find((e) => e.status === 'down')).toMatchObject({ id: 'host:127.0.0.1', attributes: { exporter: { instance: dead, up: false } } });
    expect(obs.edges.map((e) => e.to).sort()).toEqual([`target:node/${dead}`, `target:node/${exporter!.address}`].sort());
    expect(nodeExporterCollector.parse(nodeExporterCollector.sanitize!(raw, cfg), cfg)).toEqual(obs);

    const rejected = await instantQuery(cfg, pullLikeContext(), 'node_uname_info{', {}).catch((e: Error) => e.message);
    expect(rejected).toMatch(/^node-exporter source nodes: query `node_uname_info\{` at .* failed: Prometheus answered 400 bad_data: invalid parameter "query": .*parse error/);
    // Any job name is a valid selector: quotes and backslashes are escaped, not injected.
    const odd = config({ url: prom!.url, job: 'we"ird\\job' });
    expect(nodeExporterCollector.parse(await nodeExporterCollector.fetch(odd, pullLikeContext()), odd).entities).toEqual([]);

    if (process.env['SCARBOOK_RECORD_LAB']) {
      mkdirSync(recorded, { recursive: true });
      for (const [file, text] of Object.entries(nodeExporterCollector.sanitize!(raw, cfg))) writeFileSync(path.join(recorded, file), text);
      const error = await fetch(`${prom!.url}/api/v1/query?query=${encodeURIComponent('node_uname_info{')}`);
      writeFileSync(path.join(recorded, 'error-bad-query.json'), `${await error.text()}\n`);
    }
  });
});
