import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeSchema, EntitySchema } from '../../../src/schemas/lab.ts';
import { toolOrSkip } from '../../../tests/helpers/require-tool.ts';
import { freePort, testFetchContext } from '../testing/server-process.ts';
import { startNodeExporter, startPrometheus, waitForScrapes, type LocalPrometheus } from '../testing/prometheus.ts';
import { instanceHost, prometheusCollector, PrometheusConfigSchema, type PrometheusConfig } from './prometheus.ts';

const here = import.meta.dirname;
const corpus = path.join(here, '../../../tests/corpora/lab-outputs/prometheus');
const recorded = path.join(here, '__recorded__/prometheus');
const config = (over: Partial<PrometheusConfig> = {}): PrometheusConfig =>
  PrometheusConfigSchema.parse({ name: 'prometheus', type: 'prometheus', url: 'http://127.0.0.1:9090', ...over });
const CANARY_LABEL = 'canary-label-7f3a9c';
const CANARY_AUTH = 'canary-basic-4d1e8b';

function valid(observation: { entities: unknown[]; edges: unknown[] }) {
  for (const e of observation.entities) EntitySchema.parse(e);
  for (const e of observation.edges) EdgeSchema.parse(e);
}

describe('prometheus parse', () => {
  it('reads the docs example: active target only, dropped ignored', () => {
    const text = readFileSync(path.join(corpus, 'api-v1-targets-docs-example.json'), 'utf8');
    const obs = prometheusCollector.parse({ 'targets.json': text }, config());
    valid(obs);
    expect(obs.entities).toEqual([{
      id: 'target:prometheus/127.0.0.1:9090', kind: 'target', name: 'prometheus/127.0.0.1:9090', status: 'up',
      sources: ['prometheus'], aliases: [],
      attributes: {
        job: 'prometheus', instance: '127.0.0.1:9090', scrapeUrl: 'http://127.0.0.1:9090/metrics', health: 'up', lastError: '',
        scraped: true, scrapePool: 'prometheus', labels: { instance: '127.0.0.1:9090', job: 'prometheus' },
      },
    }]);
    expect(obs.edges).toEqual([{ from: 'host:127.0.0.1', to: 'target:prometheus/127.0.0.1:9090', type: 'monitored-by',
      evidence: [{ kind: 'observed', source: 'prometheus', via: 'prometheus target prometheus' }] }]);
  });

  it('takes the host from instance forms Prometheus uses', () => {
    expect(instanceHost('nas.lab.example:9100')).toBe('nas.lab.example');
    expect(instanceHost('[::1]:9090')).toBe('::1');
    expect(instanceHost('https://user:pw@status.example/health')).toBe('status.example');
    expect(instanceHost('nas')).toBe('nas');
    expect(instanceHost('')).toBeUndefined();
  });

  it('config takes env var NAMES, never credentials', () => {
    expect(() => config({ url: 'http://admin:secret@prom:9090' })).toThrow(/credentials/);
    expect(() => config({ bearerTokenEnv: 'abc.def-123' })).toThrow(/NAME of an environment variable/);
    expect(config({ bearerTokenEnv: 'PROM_TOKEN' }).bearerTokenEnv).toBe('PROM_TOKEN');
  });
});

describe('prometheus fetch errors', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // A stand-in for Prometheus behind an auth proxy: only Bearer good-token gets the targets.
    server = createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer good-token') return void res.writeHead(401).end('unauthorized');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":{"activeTargets":[]}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends the token from the env var and says which env var to check on 401', async () => {
    const ctx = { ...testFetchContext('prometheus'), env: { PROM_TOKEN: 'good-token', BAD_TOKEN: 'wrong-token-value' } };
    await expect(prometheusCollector.fetch(config({ url, bearerTokenEnv: 'PROM_TOKEN' }), ctx)).resolves.toHaveProperty(['targets.json']);
    const error = await prometheusCollector.fetch(config({ url, bearerTokenEnv: 'BAD_TOKEN' }), ctx).catch((e: Error) => e);
    expect(String(error)).toMatch(/prometheus source prometheus: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/targets.*401.*\$BAD_TOKEN/s);
    expect(String(error)).not.toContain('wrong-token-value');
    await expect(prometheusCollector.fetch(config({ url, bearerTokenEnv: 'UNSET_TOKEN' }), ctx)).rejects.toThrow(/\$UNSET_TOKEN .* not set/);
  });

  it('asks whether Prometheus is running when the connection is refused', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expect(prometheusCollector.fetch(config({ url: closed }), testFetchContext('prometheus')))
      .rejects.toThrow(/prometheus source prometheus: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/targets.*is Prometheus running/s);
  });
});

const prometheusBin = toolOrSkip('prometheus', 'Install it with `apt-get install -y prometheus`', 'prometheus collector');
const exporterBin = toolOrSkip('prometheus-node-exporter', 'Install it with `apt-get install -y prometheus-node-exporter`', 'prometheus collector');

describe.skipIf(prometheusBin === 'skip' || exporterBin === 'skip')('prometheus collector against a real Prometheus', () => {
  let prom: LocalPrometheus | undefined;
  let exporter: { address: string; stop: () => Promise<void> } | undefined;
  let dead: string;
  beforeAll(async () => {
    exporter = await startNodeExporter(exporterBin);
    dead = `127.0.0.1:${await freePort()}`; // nothing listens there: a down target
    prom = await startPrometheus(prometheusBin, [
      { job: 'node', targets: [exporter.address], labels: { docs: `https://reader:${CANARY_LABEL}@wiki.example/node` },
        basicAuth: { username: 'scraper', password: CANARY_AUTH } },
      { job: 'dead', targets: [dead] },
    ]);
    await waitForScrapes(prom.url, 2);
  }, 120_000);
  afterAll(async () => {
    await prom?.stop();
    await exporter?.stop();
  }, 30_000);

  it('sees the live target up, the dead one down with its error, and leaks no canary', async () => {
    const cfg = config({ url: prom!.url });
    const raw = await prometheusCollector.fetch(cfg, testFetchContext('prometheus'));
    const obs = prometheusCollector.parse(raw, cfg);
    valid(obs);
    const byJob = Object.fromEntries(obs.entities.map((e) => [e.attributes!['job'], e]));
    expect(byJob['node']).toMatchObject({ id: `target:node/${exporter!.address}`, status: 'up', attributes: { health: 'up', lastError: '' } });
    expect(byJob['dead']).toMatchObject({ id: `target:dead/${dead}`, status: 'down', attributes: { health: 'down' } });
    expect(byJob['dead']!.attributes!['lastError']).toMatch(/connection refused/);
    expect(byJob['node']!.attributes!['labels']).toMatchObject({ docs: 'https://wiki.example/node' });
    expect(obs.edges.map((e) => [e.from, e.to, e.type])).toEqual([
      ['host:127.0.0.1', `target:dead/${dead}`, 'monitored-by'],
      ['host:127.0.0.1', `target:node/${exporter!.address}`, 'monitored-by'],
    ]);
    expect(JSON.stringify(obs)).not.toMatch(/canary/);
    const sanitized = prometheusCollector.sanitize!(raw, cfg);
    expect(JSON.stringify(sanitized)).not.toMatch(/canary/);
    expect(prometheusCollector.parse(sanitized, cfg)).toEqual(obs);
    if (process.env['SCARBOOK_RECORD_LAB']) {
      mkdirSync(recorded, { recursive: true });
      writeFileSync(path.join(recorded, 'targets.json'), sanitized['targets.json']!);
    }
  });
});

describe('prometheus parse of recorded real output', () => {
  it('finds one target up and one down, no canary', () => {
    const text = readFileSync(path.join(recorded, 'targets.json'), 'utf8');
    expect(text).not.toMatch(/canary/);
    const obs = prometheusCollector.parse({ 'targets.json': text }, config());
    valid(obs);
    expect(obs.entities.map((e) => [e.attributes!['job'], e.status])).toEqual([['dead', 'down'], ['node', 'up']]);
    expect(obs.entities[0]!.attributes!['lastError']).toMatch(/connection refused/);
    expect(obs.entities[1]!.attributes!['labels']).toMatchObject({ docs: 'https://wiki.example/node' });
    expect(obs.edges).toHaveLength(2);
  });
});
