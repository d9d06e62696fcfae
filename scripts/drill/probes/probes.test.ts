import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeSchema, type Probe } from '../../../src/schemas/drill.ts';
import { toolOrSkip } from '../../../tests/helpers/require-tool.ts';
import { freePort } from '../../lab/testing/server-process.ts';
import { startPrometheus, waitForScrapes, type LocalPrometheus } from '../../lab/testing/prometheus.ts';
import { startDnsmasq, type LocalDnsmasq } from '../testing/dnsmasq.ts';
import { startPrivateSshd, type PrivateSshd } from '../../lab/sources/linux-host/test-sshd.ts';
import { runProbe } from './index.ts';
import { meets } from './prometheus.ts';

const probe = (p: Record<string, unknown>) => runProbe(ProbeSchema.parse(p) as Probe, { signal: new AbortController().signal });

describe('http and tcp probes against a real server on 127.0.0.1', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('late'), 400);
      else if (req.url === '/down') res.writeHead(503).end('maintenance');
      else if (req.headers.host === 'cloud.lab.example') res.end('vhost cloud');
      else res.end('{"maintenance":false}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    [{ path: '/', body_contains: '"maintenance":false' }, true, /^answered 200 in \d+ ms$/],
    [{ path: '/down' }, false, /^answered 503 \(expected 200\) in \d+ ms$/],
    [{ path: '/down', status: 503 }, true, /^answered 503/],
    [{ path: '/', body_contains: 'installed' }, false, /^answered 200 but the body lacks "installed"$/],
    [{ path: '/slow', latency_under: '100ms' }, false, /^answered 200 in \d+ ms \(limit 100 ms\)$/],
    [{ path: '/slow', timeout: '100ms' }, false, /no answer before the timeout/],
    [{ path: '/', host: 'cloud.lab.example', body_contains: 'vhost cloud' }, true, /^answered 200/],
  ])('http %j', async ({ path, ...rest }, ok, detail) => {
    const r = await probe({ type: 'http', url: `http://127.0.0.1:${port}${path}`, ...rest });
    expect(r).toMatchObject({ ok });
    expect(r.detail).toMatch(detail);
  });

  it('http to a port nobody listens on says connection refused', async () => {
    const r = await probe({ type: 'http', url: `http://127.0.0.1:${await freePort()}/` });
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/ECONNREFUSED/);
  });

  it('tcp connects, or says why not', async () => {
    expect(await probe({ type: 'tcp', host: '127.0.0.1', port })).toMatchObject({ ok: true, detail: expect.stringMatching(/^connected in \d+ ms$/) });
    expect(await probe({ type: 'tcp', host: '127.0.0.1', port: String(await freePort()) })).toMatchObject({ ok: false, detail: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('a listener that never answers HTTP times out within the probe timeout', async () => {
    const silent = createTcpServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const started = Date.now();
    const r = await probe({ type: 'http', url: `http://127.0.0.1:${(silent.address() as { port: number }).port}/`, timeout: '300ms' });
    silent.close();
    expect(r).toMatchObject({ ok: false, detail: 'no answer before the timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('command probe', () => {
  it.each([
    [{ run: 'echo Quorate: Yes', output_contains: 'Quorate' }, true, 'exited 0, printed "Quorate"'],
    [{ run: 'echo nope; exit 3', exit_code: 3 }, true, 'exited 3'],
    [{ run: 'echo oops >&2; exit 1' }, false, 'exited 1 (expected 0): oops'],
    [{ run: 'echo Activity: 0', output_contains: 'Quorate' }, false, 'exited 0 but printed no "Quorate" (last line: Activity: 0)'],
    [{ run: 'sleep 5', timeout: '200ms' }, false, expect.stringMatching(/timed out/)],
  ])('%j', async (p, ok, detail) => expect(await probe({ type: 'command', ...p })).toMatchObject({ ok, detail }));

  const sshd = toolOrSkip('sshd', 'apt-get install -y openssh-server', 'drill command probe over ssh');
  (sshd === 'skip' ? it.skip : it)('runs over a real ssh connection', async () => {
    const server: PrivateSshd = await startPrivateSshd(sshd as string);
    try {
      // A real `ssh`, told about this test's key and known_hosts through the ssh:// target's options file.
      const { mkdtempSync, writeFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const bin = mkdtempSync(`${tmpdir()}/scarbook-ssh-bin-`);
      const { which } = await import('../../../tests/helpers/require-tool.ts');
      writeFileSync(`${bin}/ssh`, `#!/bin/sh\nexec ${which('ssh')} ${server.sshOptions.map((o) => `'${o}'`).join(' ')} "$@"\n`, { mode: 0o755 });
      const PATH = `${bin}:${process.env.PATH}`;
      const r = await runProbe(ProbeSchema.parse({ type: 'command', ssh: `ssh://${server.target}:${server.port}`, run: 'echo remote-$((40+2))', output_contains: 'remote-42' }), { signal: new AbortController().signal, env: { ...process.env, PATH } });
      expect(r).toMatchObject({ ok: true, detail: 'exited 0, printed "remote-42"' });
    } finally {
      await server.stop();
    }
  });
});

describe('dns probe against a real dnsmasq', () => {
  const bin = toolOrSkip('dnsmasq', 'apt-get install -y dnsmasq-base', 'drill dns probe');
  let dns: LocalDnsmasq;
  beforeAll(async () => { if (bin !== 'skip') dns = await startDnsmasq(bin, { 'nas.lab.example': '192.168.1.10' }); });
  afterAll(() => dns?.stop());
  (bin === 'skip' ? it.skip : it).each([
    [{ name: 'nas.lab.example', expect: '192.168.1.10' }, true, 'answered 192.168.1.10'],
    [{ name: 'nas.lab.example', expect: '192.168.1.11' }, false, 'answered 192.168.1.10 (expected 192.168.1.11)'],
    [{ name: 'nothing.lab.example' }, false, expect.stringMatching(/^ENOTFOUND|^EREFUSED|^ESERVFAIL/)],
  ])('%j', async (p, ok, detail) => expect(await probe({ type: 'dns', server: dns.server, ...p })).toMatchObject({ ok, detail }));

  it('a resolver that does not answer fails within the timeout', async () => {
    const r = await probe({ type: 'dns', server: `127.0.0.1:${await freePort()}`, name: 'nas.lab.example', timeout: '500ms' });
    expect(r.ok).toBe(false);
    expect(r.ms).toBeLessThan(3_000);
  });
});

describe('prometheus probe against a real Prometheus', () => {
  const bin = toolOrSkip('prometheus', 'apt-get install -y prometheus', 'drill prometheus probe');
  let prom: LocalPrometheus;
  let dead = '';
  beforeAll(async () => {
    if (bin === 'skip') return;
    dead = `127.0.0.1:${await freePort()}`;
    prom = await startPrometheus(bin, [{ job: 'dead', targets: [dead] }]);
    await waitForScrapes(prom.url, 1);
  }, 120_000);
  afterAll(() => prom?.stop());
  (bin === 'skip' ? it.skip : it)('compares the first sample with the condition', async () => {
    expect(await probe({ type: 'prometheus', url: prom.url, query: `up{instance="${dead}"}`, expect: '== 0' })).toMatchObject({ ok: true, detail: 'value 0 (expected == 0)' });
    expect(await probe({ type: 'prometheus', url: prom.url, query: `up{instance="${dead}"}`, expect: '> 0' })).toMatchObject({ ok: false, detail: 'value 0 (expected > 0)' });
    expect(await probe({ type: 'prometheus', url: prom.url, query: 'up{job="nope"}', expect: '> 0' })).toMatchObject({ ok: false, detail: 'no sample (the query returned nothing)' });
    expect(await probe({ type: 'prometheus', url: prom.url, query: 'up{', expect: '> 0' })).toMatchObject({ ok: false, detail: expect.stringMatching(/^query failed: .*parse error/) });
  });
  it.each([[1, '== 1', true], [0.4, '< 0.5', true], [2, '!= 2', false], [3, '>= 3', true], [-1, '<= -2', false]])('meets(%j, %j) = %j', (v, c, want) => expect(meets(v, c)).toBe(want));
});
