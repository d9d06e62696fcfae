import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EntitySchema } from '../../../src/schemas/lab.ts';
import type { FetchContext, RawOutput } from '../collector.ts';
import { startHttpsRecordings, type HttpsRecordings, type HttpsRecordingsOptions } from '../testing/https-recordings.ts';
import { freePort, testFetchContext } from '../testing/server-process.ts';
import { fetchTraefik, ruleHostnames, traefikCollector, TraefikConfigSchema, type TraefikConfig } from './traefik.ts';

const recorded = path.join(import.meta.dirname, '__recorded__/traefik');
const read = (file: string) => readFileSync(path.join(recorded, file), 'utf8');
const config = (over: Partial<TraefikConfig> = {}): TraefikConfig =>
  TraefikConfigSchema.parse({ name: 'edge-traefik', type: 'traefik', url: 'http://127.0.0.1:8080', ...over });
const attrs = (obs: { entities: { id: string; attributes?: Record<string, unknown> }[] }) =>
  Object.fromEntries(obs.entities.map((e) => [e.id, e.attributes]));
const parse = (raw: RawOutput, cfg = config()) => {
  const obs = traefikCollector.parse(raw, cfg);
  for (const e of obs.entities) EntitySchema.parse(e);
  return obs;
};
const AUTH_ENV = 'TRAEFIK_API_AUTH';
const CANARY = 'canary-traefik-7c41d2';
const env = { [AUTH_ENV]: `scarbook:${CANARY}`, WRONG_AUTH: 'scarbook:nope' };
const basic = `Basic ${Buffer.from(`scarbook:${CANARY}`).toString('base64')}`;

describe('traefik rule host names', () => {
  it.each([
    ['Host(`foo.bar`)', ['foo.bar']],
    ['Host(`a.example`, `B.example`)', ['a.example', 'b.example']], // Traefik v2: several names in one Host()
    ['Host(`a.example`) || Host(`b.example`)', ['a.example', 'b.example']],
    ['(Host(`a.example`) || HostHeader("b.example")) && PathPrefix(`/api`)', ['a.example', 'b.example']],
    ['Host(`foo.com`) && PathPrefix(`/bar`)', ['foo.com']],
    ['HostRegexp(`^[a-z]+\\.example\\.com$`)', []],
    ['HostRegexp(`{sub:[a-z]+}.example.com`) || Host(`example.com`)', ['example.com']],
    ['PathPrefix(`/`)', []],
    ['HostSNI(`foo.bar`)', []],
    ['!Host(`internal.example`) && PathPrefix(`/`)', []],
  ])('%s', (rule, hosts) => {
    expect(ruleHostnames(rule)).toEqual(hosts);
  });
});

describe('traefik parse of recorded real output', () => {
  it("reads Traefik's own golden routers/services (service not in the list: no upstreams)", () => {
    const obs = parse({ 'routers.json': read('golden/routers.json'), 'services.json': read('golden/services.json') }, config({ host: 'edge' }));
    expect(obs.edges).toEqual([]);
    expect(obs.entities.map((e) => e.id)).toEqual(['route:foo.bar', 'route:foo.bar.other']);
    expect(attrs(obs)['route:foo.bar']).toEqual({
      hostnames: ['foo.bar'], rule: 'Host(`foo.bar`)', entryPoints: ['web'], router: 'bar@myprovider', service: 'foo-service@myprovider',
      status: 'enabled', tls: false, upstreams: [], server: 'edge',
      routers: [{ name: 'bar@myprovider', rule: 'Host(`foo.bar`)', service: 'foo-service@myprovider', status: 'enabled' }],
    });
  });

  it('reads the kubernetescrd lists: PathPrefix-only router gives no route, five routers on foo.com become one, disabled one listed', () => {
    const obs = parse({ 'routers.json': read('crd/routers.json'), 'services.json': read('crd/services.json') });
    expect(obs.entities.map((e) => e.id)).toEqual(['route:foo.com']);
    const foo = attrs(obs)['route:foo.com']!;
    expect(foo).toMatchObject({
      hostnames: ['foo.com'],
      // The first enabled router by priority (50), and its service qualified with the router's provider.
      router: 'default-testst-route-60ad45fcb5fc1f5f3629@kubernetescrd',
      service: 'default-testst-route-60ad45fcb5fc1f5f3629@kubernetescrd',
      rule: 'Host(`foo.com`) && PathPrefix(`/serverstransport`)',
      status: 'enabled', tls: true, entryPoints: ['web'], server: null,
      upstreams: ['10.42.0.3:80', '10.42.0.5:80'],
    });
    const routers = foo['routers'] as { name: string; status: string }[];
    expect(routers.map((r) => r.status)).toEqual(['enabled', 'enabled', 'enabled', 'enabled', 'disabled']);
    expect(routers.at(-1)!.name).toBe('other-ns-test6-route-482e4988e134701d8cc8@kubernetescrd');
  });

  it('follows a weighted service into its mirroring child and on to the load balancer (short names resolved per provider)', () => {
    const routers = JSON.parse(read('crd/routers.json')) as { name: string }[];
    const wrr = routers.filter((r) => r.name.startsWith('default-test3-route-'));
    const obs = parse({ 'routers.json': JSON.stringify(wrr), 'services.json': read('crd/services.json') });
    expect(attrs(obs)['route:foo.com']).toMatchObject({ service: 'default-wrr1@kubernetescrd', tls: false, upstreams: ['10.42.0.3:80', '10.42.0.5:80'] });
  });

  it('a host whose only router is disabled keeps the route, status disabled, no upstreams', () => {
    const routers = (JSON.parse(read('crd/routers.json')) as { status: string }[]).filter((r) => r.status === 'disabled');
    const obs = parse({ 'routers.json': JSON.stringify(routers), 'services.json': read('crd/services.json') });
    expect(attrs(obs)['route:foo.com']).toMatchObject({ status: 'disabled', upstreams: [], service: 'other-ns-wrr3@kubernetescrd' });
  });

  it('sanitize keeps what parse needs, Go-style files stay parseable', () => {
    const raw = { 'routers.json': read('crd/routers.json'), 'services.json': read('crd/services.json') };
    expect(parse(traefikCollector.sanitize!(raw, config()))).toEqual(parse(raw));
  });
});

describe('traefik parse of awkward configs', () => {
  it('several Host()s, HostRegexp, failover, cycles, credentials in server URLs, default ports', () => {
    const routers = [
      { name: 'multi@docker', provider: 'docker', rule: 'Host(`app.lab.example`, `www.app.lab.example`)', service: 'app', entryPoints: ['websecure'], tls: {}, status: 'enabled' },
      { name: 'or@file', provider: 'file', rule: 'Host(`grafana.lab.example`) || Host(`g.lab.example`)', service: 'grafana-failover', entryPoints: ['web', 'websecure'], status: 'warning' },
      { name: 'wild@file', provider: 'file', rule: 'HostRegexp(`^.+\\.lab\\.example$`)', service: 'app@docker', status: 'enabled' },
      { name: 'loop@file', provider: 'file', rule: 'Host(`loop.lab.example`)', service: 'loop-a', status: 'enabled' },
    ];
    const services = [
      { name: 'app@docker', provider: 'docker', loadBalancer: { servers: [{ url: 'http://172.18.0.5:3000' }, { url: `https://u:${CANARY}@backup.lab.example` }] } },
      { name: 'grafana-failover@file', provider: 'file', failover: { service: 'grafana', fallback: 'grafana-old@docker' } },
      { name: 'grafana@file', provider: 'file', loadBalancer: { servers: [{ url: 'http://grafana:3000' }] } },
      { name: 'grafana-old@docker', provider: 'docker', loadBalancer: { servers: [{ url: 'h2c://[fd00::5]' }] } },
      { name: 'loop-a@file', provider: 'file', weighted: { services: [{ name: 'loop-b' }] } },
      { name: 'loop-b@file', provider: 'file', mirroring: { service: 'loop-a', mirrors: [{ name: 'loop-a' }] } },
    ];
    const obs = parse({ 'routers.json': JSON.stringify(routers), 'services.json': JSON.stringify(services) });
    expect(obs.entities.map((e) => e.id)).toEqual(['route:app.lab.example', 'route:g.lab.example', 'route:grafana.lab.example', 'route:loop.lab.example', 'route:www.app.lab.example']);
    const a = attrs(obs);
    expect(a['route:www.app.lab.example']).toMatchObject({ hostnames: ['app.lab.example', 'www.app.lab.example'], tls: true, service: 'app@docker', upstreams: ['172.18.0.5:3000', 'backup.lab.example:443'] });
    expect(a['route:g.lab.example']).toMatchObject({ hostnames: ['g.lab.example', 'grafana.lab.example'], status: 'warning', entryPoints: ['web', 'websecure'], upstreams: ['[fd00::5]:80', 'grafana:3000'] });
    expect(a['route:loop.lab.example']).toMatchObject({ upstreams: [] });
    expect(Object.keys(a['route:app.lab.example']!)).toEqual(['hostnames', 'rule', 'entryPoints', 'router', 'service', 'status', 'tls', 'upstreams', 'server', 'routers']);
    expect(JSON.stringify(obs)).not.toContain(CANARY);
    const sanitized = traefikCollector.sanitize!({ 'routers.json': JSON.stringify(routers), 'services.json': JSON.stringify(services) }, config());
    expect(JSON.stringify(sanitized)).not.toContain(CANARY);
  });

  it('reads null or empty lists as no routes', () => {
    expect(parse({ 'routers.json': 'null', 'services.json': '[]' })).toEqual({ entities: [], edges: [] });
  });
});

describe('traefik config', () => {
  it('takes env var names and TLS settings, refuses credentials in url and values for names', () => {
    expect(() => config({ url: 'http://admin:secret@traefik:8080' })).toThrow(/basicAuthEnv/);
    expect(() => config({ basicAuthEnv: 'admin:secret' })).toThrow(/NAME of an environment variable/);
    expect(() => config({ tls: { fingerprint256: 'abc' } })).toThrow(/SHA-256/);
    expect(config({ basicAuthEnv: AUTH_ENV, tls: { insecure: true } }).tls).toEqual({ insecure: true });
  });
});

describe('traefik fetch over HTTPS (recorded answers)', () => {
  let server: HttpsRecordings | undefined;
  afterEach(async () => { await server?.close(); server = undefined; });
  const ctx = (): FetchContext => ({ ...testFetchContext('edge-traefik'), env });
  const golden: HttpsRecordingsOptions['routes'] = {
    '/api/http/routers': { body: read('golden/routers.json'), headers: { 'x-next-page': '1' } },
    '/api/http/services': { body: read('golden/services.json'), headers: { 'x-next-page': '1' } },
  };
  const start = async (over: Partial<HttpsRecordingsOptions> = {}) => {
    server = await startHttpsRecordings({ routes: golden, auth: { value: basic }, ...over });
    return server;
  };
  const error = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: Error) => e.message);

  it('trusts a pinned, a CA-trusted or an insecure self-signed certificate, sending the credentials', async () => {
    const s = await start();
    for (const tls of [{ fingerprint256: s.fingerprint256 }, { caFile: s.caFile }, { insecure: true }, { caFile: s.caFile, fingerprint256: s.fingerprint256.toLowerCase() }]) {
      const cfg = config({ url: s.url, basicAuthEnv: AUTH_ENV, tls, host: 'edge' });
      const raw = await traefikCollector.fetch(cfg, ctx());
      expect(raw['routers.json']).toBe(read('golden/routers.json'));
      expect(parse(raw, cfg).entities.map((e) => e.id)).toEqual(['route:foo.bar', 'route:foo.bar.other']);
    }
    expect(s.requests.slice(0, 2)).toEqual(['GET /api/http/routers?page=1&per_page=100', 'GET /api/http/services?page=1&per_page=100']);
  });

  it('rejects a self-signed certificate without tls settings, with empty ones, and with the wrong pin (before sending anything)', async () => {
    const s = await start();
    const plain = await error(traefikCollector.fetch(config({ url: s.url, basicAuthEnv: AUTH_ENV }), ctx()));
    expect(plain).toMatch(/^traefik source edge-traefik: GET https:\/\/127\.0\.0\.1:\d+\/api\/http\/routers\?page=1&per_page=100.*(self-signed|SELF_SIGNED)/);
    expect(plain).toMatch(/certificate is not trusted here: set tls\.caFile, or pin it with tls\.fingerprint256, or \(last resort\) tls\.insecure: true/);
    const empty = await error(traefikCollector.fetch(config({ url: s.url, basicAuthEnv: AUTH_ENV, tls: {} }), ctx()));
    expect(empty).toMatch(/certificate rejected \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Trust it with tls\.caFile, pin it with tls\.fingerprint256/);
    const wrongPin = '00:'.repeat(31) + '00';
    const pinned = await error(traefikCollector.fetch(config({ url: s.url, basicAuthEnv: AUTH_ENV, tls: { fingerprint256: wrongPin } }), ctx()));
    expect(pinned).toMatch(/certificate fingerprint [0-9A-F:]{95} is not the pinned tls\.fingerprint256; not sending the request/);
    // CA file right but pin wrong: both must hold.
    await expect(traefikCollector.fetch(config({ url: s.url, tls: { caFile: s.caFile, fingerprint256: wrongPin } }), ctx())).rejects.toThrow(/not the pinned/);
    for (const m of [plain, empty, pinned]) expect(m).not.toContain('\n');
    expect(s.requests).toEqual([]); // no request, so no Authorization header, ever reached the server
  });

  it('401: names the env var when the credentials are wrong, asks for basicAuthEnv when there are none', async () => {
    const s = await start();
    const wrong = await error(traefikCollector.fetch(config({ url: s.url, basicAuthEnv: 'WRONG_AUTH', tls: { caFile: s.caFile } }), ctx()));
    expect(wrong).toMatch(/^traefik source edge-traefik: GET https:\/\/127\.0\.0\.1:\d+\/api\/http\/routers\?page=1&per_page=100: 401 Unauthorized.*check that \$WRONG_AUTH \(basicAuthEnv\) holds user:password/);
    const none = await error(traefikCollector.fetch(config({ url: s.url, tls: { caFile: s.caFile } }), ctx()));
    expect(none).toMatch(/401 Unauthorized.*set basicAuthEnv to the name of an env var holding user:password/);
    const unset = await error(traefikCollector.fetch(config({ url: s.url, basicAuthEnv: 'UNSET_TRAEFIK_AUTH', tls: { caFile: s.caFile } }), ctx()));
    expect(unset).toBe('traefik source edge-traefik: $UNSET_TRAEFIK_AUTH (basicAuthEnv) is not set or empty; export user:password before pulling.');
    for (const m of [wrong, none, unset]) {
      expect(m).not.toContain('\n');
      expect(m).not.toContain(CANARY);
    }
  });

  it('follows X-Next-Page over two pages and joins them', async () => {
    const s = await start({ routes: ({ url }) => {
      if (url.pathname === '/api/http/services') return { body: read('golden/services.json'), headers: { 'x-next-page': '1' } };
      if (url.pathname !== '/api/http/routers') return undefined;
      return url.searchParams.get('page') === '2'
        ? { body: read('golden/routers-page2.json'), headers: { 'x-next-page': '1' } }
        : { body: read('golden/routers.json'), headers: { 'x-next-page': '2' } };
    } });
    const cfg = config({ url: `${s.url}/`, basicAuthEnv: AUTH_ENV, tls: { fingerprint256: s.fingerprint256 } });
    const raw = await traefikCollector.fetch(cfg, ctx());
    expect(s.requests).toEqual([
      'GET /api/http/routers?page=1&per_page=100', 'GET /api/http/routers?page=2&per_page=100', 'GET /api/http/services?page=1&per_page=100',
    ]);
    expect((JSON.parse(raw['routers.json']!) as unknown[]).length).toBe(3);
    expect(parse(raw, cfg).entities.map((e) => e.id)).toEqual(['route:foo.bar', 'route:foo.bar.other', 'route:toto.bar']);
  });

  it('429: waits out Retry-After once and retries; a long Retry-After fails clearly', async () => {
    const s = await start({ tooManyRequestsOnce: { path: '/api/http/services', retryAfterSeconds: 1 } });
    const started = Date.now();
    const raw = await traefikCollector.fetch(config({ url: s.url, basicAuthEnv: AUTH_ENV, tls: { caFile: s.caFile } }), ctx());
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(raw['services.json']).toBe(read('golden/services.json'));
    expect(s.requests.filter((r) => r.startsWith('GET /api/http/services'))).toHaveLength(2);
    await s.close();
    const slow = await start({ tooManyRequestsOnce: { retryAfterSeconds: 120 } });
    const message = await error(traefikCollector.fetch(config({ url: slow.url, basicAuthEnv: AUTH_ENV, tls: { caFile: slow.caFile } }), ctx()));
    expect(message).toMatch(/^traefik source edge-traefik: GET \S+: 429 Too Many Requests, Retry-After 120 s\. Traefik \(or a rate-limit middleware in front of its API\) is throttling/);
    expect(message).not.toContain('\n');
  });

  it('bad answers: truncated JSON, an HTML login page, a timeout, no API there', async () => {
    const full = read('crd/routers.json');
    const s = await start({ routes: {
      '/trunc/api/http/routers': { body: full.slice(0, Math.floor(full.length / 2)) },
      '/login/api/http/routers': { body: '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form action="/login">…</form></body></html>\n', headers: { 'content-type': 'text/html' } },
      '/slow/api/http/routers': { body: full, delayMs: 2_000 },
      '/object/api/http/routers': { body: '{"routers":{}}' },
    } });
    const go = (prefix: string) => error(fetchTraefik(config({ url: `${s.url}${prefix}`, basicAuthEnv: AUTH_ENV, tls: { caFile: s.caFile } }), ctx(), { timeoutMs: 300 }));
    const messages = {
      trunc: await go('/trunc'), login: await go('/login'), slow: await go('/slow'), object: await go('/object'), missing: await go('/nothing'),
    };
    expect(messages.trunc).toMatch(/^traefik source edge-traefik: https:\S+\/trunc\/api\/http\/routers\?page=1&per_page=100 did not answer with valid JSON \(.*\): a cut-off answer or not Traefik's API\. Check url/);
    expect(messages.login).toMatch(/answered with an HTML page, not JSON \(a login page or the dashboard\?\)\. Point url at the API base/);
    expect(messages.slow).toMatch(/^traefik source edge-traefik: GET \S+\/slow\/api\/http\/routers\S*: no answer within 0\.3 s\. Is the service running and reachable from here\? Is url the API address/);
    expect(messages.object).toMatch(/did not answer with a list of routers\. Is url the Traefik API base \(without \/api\)\?/);
    expect(messages.missing).toMatch(/404 Not Found.*No API there: is url the API base/);
    for (const m of Object.values(messages)) expect(m).not.toContain('\n');
  });

  it('connection refused names the address and asks whether Traefik runs', async () => {
    const url = `https://127.0.0.1:${await freePort()}`;
    const message = await error(traefikCollector.fetch(config({ url, tls: { insecure: true } }), ctx()));
    expect(message).toMatch(/^traefik source edge-traefik: GET https:\/\/127\.0\.0\.1:\d+\/api\/http\/routers\?page=1&per_page=100: ECONNREFUSED\. .*Connection refused: is Traefik running/);
  });
});

describe('traefik fetch through ctx.get (no tls settings)', () => {
  /** A ctx.get like the pull's, over a table of answers; records the requests and their headers. */
  function fakeContext(answer: (url: URL) => { status: number; body: string }) {
    const seen: { url: string; authorization?: string }[] = [];
    const ctx: FetchContext = {
      ...testFetchContext('edge-traefik'),
      env,
      async get(url, init) {
        seen.push({ url, authorization: init?.headers?.['authorization'] });
        const a = answer(new URL(url));
        if (a.status !== 200) throw new Error(`GET ${url}: ${a.status} ${a.status === 429 ? 'Too Many Requests' : 'Bad Request'}: ${a.body}`);
        return a.body;
      },
    };
    return { ctx, seen };
  }

  it('sends basic auth, pages by count (a full page asks for the next; Traefik’s 400 past the end stops), retries one 429', async () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ name: `r${i}@file`, provider: 'file', rule: `Host(\`h${i}.lab.example\`)`, service: 'app', status: 'enabled' }));
    let throttled = false;
    const { ctx, seen } = fakeContext((u) => {
      if (u.pathname.endsWith('/services')) {
        if (!throttled) { throttled = true; return { status: 429, body: '' }; }
        return { status: 200, body: '[{"name":"app@file","loadBalancer":{"servers":[{"url":"http://app:8080"}]}}]' };
      }
      return u.searchParams.get('page') === '1' ? { status: 200, body: JSON.stringify(many) } : { status: 400, body: '{"message":"invalid request: page: 2, per_page: 100"}' };
    });
    const cfg = config({ url: 'http://traefik.lab.example:8080', basicAuthEnv: AUTH_ENV });
    const raw = await traefikCollector.fetch(cfg, ctx);
    expect(seen.map((s) => s.url)).toEqual([
      'http://traefik.lab.example:8080/api/http/routers?page=1&per_page=100',
      'http://traefik.lab.example:8080/api/http/routers?page=2&per_page=100',
      'http://traefik.lab.example:8080/api/http/services?page=1&per_page=100',
      'http://traefik.lab.example:8080/api/http/services?page=1&per_page=100',
    ]);
    expect(new Set(seen.map((s) => s.authorization))).toEqual(new Set([basic]));
    const obs = parse(raw, cfg);
    expect(obs.entities).toHaveLength(100);
    expect(attrs(obs)['route:h7.lab.example']).toMatchObject({ service: 'app@file', upstreams: ['app:8080'] });
  });
});
