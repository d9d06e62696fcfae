import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySchema } from '../../../src/schemas/lab.ts';
import { toolOrSkip } from '../../../tests/helpers/require-tool.ts';
import { startCaddy, type LocalCaddy } from '../testing/caddy.ts';
import { freePort, testFetchContext } from '../testing/server-process.ts';
import { caddyCollector, CaddyConfigSchema, type CaddyConfig } from './caddy.ts';

const here = import.meta.dirname;
const corpus = path.join(here, '../../../tests/corpora/lab-outputs/proxy/caddy-config-adapted-authelia.json');
const recorded = path.join(here, '__recorded__/caddy');
const CANARY = 'canary-caddy-5b2e71';
const config = (over: Partial<CaddyConfig> = {}): CaddyConfig =>
  CaddyConfigSchema.parse({ name: 'caddy', type: 'caddy', url: 'http://127.0.0.1:2019', ...over });
const attrs = (obs: { entities: { id: string; attributes?: Record<string, unknown> }[] }) =>
  Object.fromEntries(obs.entities.map((e) => [e.id, e.attributes]));

describe('caddy parse', () => {
  it('reads the Caddyfile-adapted authelia config, upstreams inside nested subroutes', () => {
    const obs = caddyCollector.parse({ 'config.json': readFileSync(corpus, 'utf8') }, config({ host: 'edge' }));
    for (const e of obs.entities) EntitySchema.parse(e);
    expect(obs).toEqual({
      entities: [{
        id: 'route:app.example.com', kind: 'route', name: 'app.example.com', sources: ['caddy'], aliases: [],
        // forward_auth is a reverse_proxy too: authelia is an upstream the route depends on.
        attributes: { hostnames: ['app.example.com'], listen: [':443'], upstreams: ['authelia:9091', 'backend:8080'], server: 'edge', tls: true },
      }],
      edges: [],
    });
  });

  it('gives inner host matchers of a wildcard site their own route, and strips credentials', () => {
    const doc = { apps: { http: { servers: { srv0: { listen: [':80'], routes: [
      { match: [{ host: ['*.lab.example'] }], handle: [{ handler: 'subroute', routes: [
        { match: [{ host: ['grafana.lab.example'] }], handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: 'grafana:3000' }] }] },
        { handle: [{ handler: 'subroute', routes: [{ handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: `http://u:${CANARY}@fallback:80` }] }] }] }] },
      ] }] },
    ] } } } } };
    const obs = caddyCollector.parse({ 'config.json': JSON.stringify(doc) }, config());
    expect(attrs(obs)).toEqual({
      'route:*.lab.example': { hostnames: ['*.lab.example'], listen: [':80'], upstreams: ['http://fallback:80'], server: null, tls: false },
      'route:grafana.lab.example': { hostnames: ['grafana.lab.example'], listen: [':80'], upstreams: ['grafana:3000'], server: null, tls: false },
    });
    expect(JSON.stringify(obs)).not.toContain(CANARY);
  });

  it('reads an empty Caddy (config null) as no routes', () => {
    expect(caddyCollector.parse({ 'config.json': 'null\n' }, config())).toEqual({ entities: [], edges: [] });
  });
});

describe('caddy fetch errors', () => {
  it('asks whether Caddy and its admin API are running when the connection is refused', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    await expect(caddyCollector.fetch(config({ url }), testFetchContext('caddy')))
      .rejects.toThrow(/caddy source caddy: GET http:\/\/127\.0\.0\.1:\d+\/config\/ failed.*is Caddy running/s);
  });
});

/** GET through Caddy with a Host header, to prove the routes really serve. */
function viaCaddy(address: string, host: string): Promise<string> {
  const [hostname, port] = address.split(':');
  return new Promise((resolve, reject) => {
    request({ hostname, port: Number(port), path: '/', headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve(body));
    }).on('error', reject).end();
  });
}

const caddyBin = toolOrSkip('caddy', 'Install it with `apt-get install -y caddy`', 'caddy collector');

describe.skipIf(caddyBin === 'skip')('caddy collector against a real Caddy', () => {
  let caddy: LocalCaddy | undefined;
  let backend: Server;
  let backendAddress: string;
  beforeAll(async () => {
    backend = createServer((_req, res) => res.end('from backend'));
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    backendAddress = `127.0.0.1:${(backend.address() as { port: number }).port}`;
    caddy = await startCaddy(caddyBin, ({ site }) => ({ servers: {
      lab: {
        listen: [site],
        automatic_https: { disable: true }, // no certificates, no :80 redirect listener
        routes: [
          { match: [{ host: ['app.test'] }], terminal: true, handle: [{ handler: 'reverse_proxy',
            headers: { request: { set: { Authorization: [`Bearer ${CANARY}`] } } }, upstreams: [{ dial: backendAddress }] }] },
          { match: [{ host: ['static.test', 'www.static.test'] }], terminal: true, handle: [{ handler: 'subroute',
            routes: [{ handle: [{ handler: 'static_response', body: 'static page' }] }] }] },
        ],
      },
    } }));
  }, 90_000);
  afterAll(async () => {
    await caddy?.stop();
    await new Promise<void>((r) => backend.close(() => r()));
  }, 30_000);

  it('sees both routes with their upstreams, and leaks no canary', async () => {
    expect(await viaCaddy(caddy!.siteAddress, 'app.test')).toBe('from backend');
    expect(await viaCaddy(caddy!.siteAddress, 'static.test')).toBe('static page');
    const cfg = config({ url: caddy!.adminUrl, host: 'edge' });
    const raw = await caddyCollector.fetch(cfg, testFetchContext('caddy'));
    const obs = caddyCollector.parse(raw, cfg);
    for (const e of obs.entities) EntitySchema.parse(e);
    const common = { listen: [caddy!.siteAddress], server: 'edge', tls: false };
    const statics = { hostnames: ['static.test', 'www.static.test'], upstreams: [], ...common };
    expect(attrs(obs)).toEqual({
      'route:app.test': { hostnames: ['app.test'], upstreams: [backendAddress], ...common },
      'route:static.test': statics,
      'route:www.static.test': statics,
    });
    expect(Object.keys(attrs(obs)['route:app.test']!)).toEqual(['hostnames', 'listen', 'upstreams', 'server', 'tls']);
    expect(JSON.stringify(obs)).not.toContain(CANARY);
    const sanitized = caddyCollector.sanitize!(raw, cfg);
    expect(JSON.stringify(sanitized)).not.toContain(CANARY);
    expect(caddyCollector.parse(sanitized, cfg)).toEqual(obs);
    if (process.env['SCARBOOK_RECORD_LAB']) {
      mkdirSync(recorded, { recursive: true });
      writeFileSync(path.join(recorded, 'config.json'), sanitized['config.json']!);
    }
  });
});

describe.skipIf(caddyBin === 'skip')('caddy collector against a real Caddy run from a Caddyfile', () => {
  let caddy: LocalCaddy | undefined;
  beforeAll(async () => {
    // No `persist_config off` in Caddy 2.6: its autosave lands in the temp XDG_CONFIG_HOME instead.
    // Site blocks become host-matched routes whose handlers sit in nested subroutes, as in most labs.
    caddy = await startCaddy(caddyBin, ({ admin, site, dir }) => {
      const port = site.split(':')[1];
      return { caddyfile: [
        '{', `\tadmin ${admin}`, '\tauto_https off', `\tstorage file_system ${dir}/data`, '}',
        `http://app.test:${port}, http://www.app.test:${port} {`, '\tbind 127.0.0.1',
        '\thandle /api/* {', '\t\treverse_proxy 127.0.0.1:9 127.0.0.1:10', '\t}',
        '\thandle {', '\t\trespond "app"', '\t}', '}',
        `http://wiki.test:${port} {`, '\tbind 127.0.0.1', '\treverse_proxy wiki:3000', '}', '',
      ].join('\n') };
    });
  }, 90_000);
  afterAll(async () => { await caddy?.stop(); }, 30_000);

  it('finds upstreams inside the adapted subroutes', async () => {
    const cfg = config({ url: caddy!.adminUrl });
    const raw = await caddyCollector.fetch(cfg, testFetchContext('caddy'));
    const obs = caddyCollector.parse(raw, cfg);
    const common = { listen: [`127.0.0.1:${caddy!.siteAddress.split(':')[1]}`], server: null, tls: false };
    const app = { hostnames: ['app.test', 'www.app.test'], upstreams: ['127.0.0.1:10', '127.0.0.1:9'], ...common };
    expect(attrs(obs)).toEqual({
      'route:app.test': app,
      'route:www.app.test': app,
      'route:wiki.test': { hostnames: ['wiki.test'], upstreams: ['wiki:3000'], ...common },
    });
    if (process.env['SCARBOOK_RECORD_LAB']) writeFileSync(path.join(recorded, 'config-caddyfile.json'), caddyCollector.sanitize!(raw, cfg)['config.json']!);
  });
});

describe('caddy parse of recorded real output', () => {
  it('finds the two routes of the test server, no canary', () => {
    const text = readFileSync(path.join(recorded, 'config.json'), 'utf8');
    expect(text).not.toContain('canary');
    const obs = caddyCollector.parse({ 'config.json': text }, config());
    expect(obs.entities.map((e) => e.id)).toEqual(['route:app.test', 'route:static.test', 'route:www.static.test']);
    expect(attrs(obs)['route:app.test']!['upstreams']).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
    expect(attrs(obs)['route:static.test']!['upstreams']).toEqual([]);
  });

  it('finds the upstreams of the Caddyfile sites inside nested subroutes', () => {
    const text = readFileSync(path.join(recorded, 'config-caddyfile.json'), 'utf8');
    const obs = caddyCollector.parse({ 'config.json': text }, config());
    expect(obs.entities.map((e) => [e.id, e.attributes!['upstreams']])).toEqual([
      ['route:app.test', ['127.0.0.1:10', '127.0.0.1:9']],
      ['route:wiki.test', ['wiki:3000']],
      ['route:www.app.test', ['127.0.0.1:10', '127.0.0.1:9']],
    ]);
  });
});
