import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server as TcpServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySchema } from '../../../src/schemas/lab.ts';
import { toolOrSkip } from '../../../tests/helpers/require-tool.ts';
import type { RawOutput } from '../collector.ts';
import { startCaddy, type LocalCaddy } from '../testing/caddy.ts';
import { freePort, tempDir, testFetchContext, waitFor } from '../testing/server-process.ts';
import { expiryOf, tlsCollector, TlsConfigSchema, type TlsConfig, type TlsRaw } from './tls.ts';
import { splitAddress, splitAltNames } from './tls/handshake.ts';
import { plainServer, selfSigned, serveCertificates, silentServer, testCa, type Listening } from './tls/test-servers.ts';

const recorded = path.join(import.meta.dirname, '__recorded__/tls');
const RECORD = Boolean(process.env['SCARBOOK_RECORD_LAB']);
const config = (over: Partial<TlsConfig> = {}): TlsConfig =>
  TlsConfigSchema.parse({ name: 'tls', type: 'tls', targets: [], ...over });
const certs = (obs: { entities: { id: string; status?: string; attributes?: Record<string, unknown> }[] }) =>
  Object.fromEntries(obs.entities.map((e) => [e.id, { status: e.status, ...(e.attributes?.['certificate'] as object) }]));
const rawDoc = (raw: RawOutput) => JSON.parse(raw['certificates.json']!) as TlsRaw;
const ctx = testFetchContext('tls');
const DAY = 86_400_000;

/** What a recording must never hold: key material. */
function expectNoPrivateMaterial(raw: RawOutput, keys: string[] = []): void {
  const text = JSON.stringify(raw);
  expect(text).not.toMatch(/PRIVATE KEY|BEGIN /);
  for (const k of keys) expect(text).not.toContain(k.split('\n').filter((l) => l && !l.startsWith('-----')).join(''));
}

describe('tls config and helpers', () => {
  it('defaults timeoutSeconds to 5 and warnDays to 14, and rejects other types', () => {
    expect(config({ targets: [{ hostname: 'a.example' }] })).toEqual({ name: 'tls', type: 'tls', targets: [{ hostname: 'a.example' }], timeoutSeconds: 5, warnDays: 14 });
    expect(() => TlsConfigSchema.parse({ name: 'x', type: 'caddy', targets: [] })).toThrow();
  });

  it('splits addresses, IPv6 and bare hosts included', () => {
    expect(splitAddress('a.example:8443')).toEqual({ host: 'a.example', port: 8443 });
    expect(splitAddress('a.example')).toEqual({ host: 'a.example', port: 443 });
    expect(splitAddress('[::1]:8443')).toEqual({ host: '::1', port: 8443 });
    expect(splitAddress('::1')).toEqual({ host: '::1', port: 443 });
    expect(() => splitAddress('a.example:99999')).toThrow(/bad port/);
  });

  it("splits Node's subjectaltname, quoted values included", () => {
    expect(splitAltNames('DNS:a.test, DNS:b.test, IP Address:127.0.0.1')).toEqual(['DNS:a.test', 'DNS:b.test', 'IP Address:127.0.0.1']);
    expect(splitAltNames('DNS:"a,b.test", DNS:c.test')).toEqual(['DNS:a,b.test', 'DNS:c.test']);
    expect(splitAltNames(undefined)).toEqual([]);
  });

  it('classifies expiry against the recorded now, not the clock', () => {
    const now = '2026-01-01T00:00:00.000Z';
    expect(expiryOf('2025-12-31T23:59:59.000Z', now, 14)).toBe('expired');
    expect(expiryOf('2026-01-01T00:00:00.000Z', now, 14)).toBe('expired');
    expect(expiryOf('2026-01-15T00:00:00.000Z', now, 14)).toBe('expiring');
    expect(expiryOf('2026-01-15T00:00:01.000Z', now, 14)).toBe('ok');
  });

  it('parses a down target, and keeps the answering address when a host name is listed twice', () => {
    const raw: TlsRaw = { now: '2026-01-01T00:00:00.000Z', certificates: [
      { hostname: 'A.example', address: '10.0.0.1:443', ok: false, error: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:443' },
      { hostname: 'a.example', address: '10.0.0.2:443', ok: true, authorized: true, authorizationError: null,
        subject: { CN: null, O: null }, subjectAltNames: ['DNS:a.example', 'IP Address:10.0.0.2', 'URI:spiffe://x'], issuer: { CN: null, O: "Let's Encrypt" },
        validFrom: '2025-12-01T00:00:00.000Z', validTo: '2026-03-01T00:00:00.000Z', fingerprint256: 'AA', serialNumber: '01', selfSigned: false },
      { hostname: 'b.example', address: 'b.example:443', ok: false, error: 'ETIMEDOUT', message: 'no TLS handshake' },
    ] };
    const obs = tlsCollector.parse({ 'certificates.json': JSON.stringify(raw) }, config());
    for (const e of obs.entities) EntitySchema.parse(e);
    expect(obs.edges).toEqual([]);
    expect(certs(obs)).toEqual({
      'route:a.example': { status: 'up', address: '10.0.0.2:443', issuer: "Let's Encrypt", subject: null, names: ['10.0.0.2', 'a.example'],
        validTo: '2026-03-01T00:00:00.000Z', expiry: 'ok', selfSigned: false, trusted: true },
      'route:b.example': { status: 'down', address: 'b.example:443', error: 'ETIMEDOUT' },
    });
  });
});

describe('tls fetch: per-target failures are results, not a source failure', () => {
  let silent: Listening<TcpServer>;
  let plain: Listening<TcpServer>;
  beforeAll(async () => {
    silent = await silentServer();
    plain = await plainServer();
  });
  afterAll(async () => { await silent?.close(); await plain?.close(); });

  it('reports refused, timed out and not-TLS targets as down', async () => {
    const refused = `127.0.0.1:${await freePort()}`;
    const cfg = config({ timeoutSeconds: 1, targets: [
      { hostname: 'silent.test', address: silent.address },
      { hostname: 'refused.test', address: refused },
      { hostname: 'plain.test', address: plain.address },
      { hostname: 'badport.test', address: '127.0.0.1:0' },
    ] });
    const started = Date.now();
    const raw = await tlsCollector.fetch(cfg, ctx);
    expect(Date.now() - started).toBeLessThan(5_000);
    const doc = rawDoc(raw);
    expect(doc.certificates.map((c) => c.hostname)).toEqual(['badport.test', 'plain.test', 'refused.test', 'silent.test']);
    expect(doc.certificates.every((c) => !c.ok)).toBe(true);
    const obs = tlsCollector.parse(raw, cfg);
    for (const e of obs.entities) EntitySchema.parse(e);
    const seen = certs(obs);
    expect(seen['route:refused.test']).toEqual({ status: 'down', address: refused, error: 'ECONNREFUSED' });
    expect(seen['route:silent.test']).toEqual({ status: 'down', address: silent.address, error: 'ETIMEDOUT' });
    expect(seen['route:plain.test']).toMatchObject({ status: 'down', error: expect.stringMatching(/^ERR_SSL_|^ECONNRESET$/) });
    expect(seen['route:badport.test']).toMatchObject({ status: 'down', error: expect.stringMatching(/bad port|ERR_SOCKET_BAD_PORT/) });
  });

  it('fails the source only for a caFile it cannot read', async () => {
    await expect(tlsCollector.fetch(config({ caFile: '/nonexistent/ca.pem', targets: [] }), ctx)).rejects.toThrow(/tls source tls: cannot read caFile/);
  });
});

const opensslBin = toolOrSkip('openssl', 'Install it with `apt-get install -y openssl`', 'tls collector');

describe.skipIf(opensslBin === 'skip')('tls collector against openssl certificates served by a Node TLS server', () => {
  const tmp = tempDir('tls-certs');
  let server: Listening<import('node:tls').Server> | undefined;
  let keys: string[] = [];
  let caFile = '';
  beforeAll(async () => {
    const ca = testCa(tmp.dir);
    caFile = path.join(tmp.dir, 'ca.crt');
    const now = Date.now();
    const pems = {
      'selfsigned.test': selfSigned(tmp.dir, 'selfsigned.test', 365),
      'expired.test': ca.sign('expired.test', new Date('2020-01-01T00:00:00Z'), new Date('2020-02-01T00:00:00Z')),
      'expiring.test': ca.sign('expiring.test', new Date(now - DAY), new Date(now + 5 * DAY)),
    };
    keys = [ca.key, ...Object.values(pems).map((p) => p.key)];
    server = await serveCertificates(pems);
  }, 60_000);
  afterAll(async () => { await server?.close(); tmp.remove(); });

  const targets = () => ['selfsigned.test', 'expired.test', 'expiring.test'].map((hostname) => ({ hostname, address: server!.address }));

  it('sees expired, expiring and self-signed certificates, trusting the test CA from caFile', async () => {
    const cfg = config({ targets: targets(), caFile });
    const raw = await tlsCollector.fetch(cfg, ctx);
    expectNoPrivateMaterial(raw, keys);
    const doc = rawDoc(raw);
    expect(doc.certificates.map((c) => [c.hostname, c.ok])).toEqual([['expired.test', true], ['expiring.test', true], ['selfsigned.test', true]]);
    const obs = tlsCollector.parse(raw, cfg);
    for (const e of obs.entities) EntitySchema.parse(e);
    const seen = certs(obs);
    expect(seen['route:expired.test']).toEqual({ status: 'up', address: server!.address, issuer: 'Scarbook Test CA', subject: 'expired.test', names: ['expired.test'],
      validTo: '2020-02-01T00:00:00.000Z', expiry: 'expired', selfSigned: false, trusted: false, error: 'CERT_HAS_EXPIRED' });
    expect(seen['route:expiring.test']).toMatchObject({ status: 'up', issuer: 'Scarbook Test CA', names: ['expiring.test'], expiry: 'expiring', selfSigned: false, trusted: true });
    expect(seen['route:expiring.test']).not.toHaveProperty('error');
    expect(seen['route:selfsigned.test']).toMatchObject({ status: 'up', issuer: 'selfsigned.test', subject: 'selfsigned.test', names: ['selfsigned.test'],
      expiry: 'ok', selfSigned: true, trusted: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    // A 5-day certificate is `ok` with a 3-day warning.
    expect(certs(tlsCollector.parse(raw, { ...cfg, warnDays: 3 }))['route:expiring.test']).toMatchObject({ expiry: 'ok' });
    if (RECORD) {
      mkdirSync(recorded, { recursive: true });
      writeFileSync(path.join(recorded, 'openssl.json'), raw['certificates.json']!);
    }
  });

  it('without caFile nothing is trusted, and the chain error comes first', async () => {
    const raw = await tlsCollector.fetch(config({ targets: targets() }), ctx);
    const seen = certs(tlsCollector.parse(raw, config()));
    expect(Object.values(seen).map((c) => (c as Record<string, unknown>)['trusted'])).toEqual([false, false, false]);
    expect(seen['route:expiring.test']).toMatchObject({ error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });
});

const caddyBin = toolOrSkip('caddy', 'Install it with `apt-get install -y caddy`', 'tls collector');

describe.skipIf(caddyBin === 'skip')('tls collector against a real Caddy with its internal CA', () => {
  let caddy: LocalCaddy | undefined;
  let dataDir = '';
  beforeAll(async () => {
    caddy = await startCaddy(caddyBin, ({ admin, site, dir }) => {
      const port = site.split(':')[1];
      dataDir = path.join(dir, 'data');
      return { caddyfile: [
        // skip_install_trust: never touch the system trust store; no redirects: no listener on :80.
        '{', `\tadmin ${admin}`, `\tstorage file_system ${dataDir}`, '\tskip_install_trust', '\tauto_https disable_redirects', `\thttps_port ${port}`, '}',
        `https://app.test:${port}, https://www.app.test:${port} {`, '\tbind 127.0.0.1', '\ttls internal', '\trespond "app"', '}', '',
      ].join('\n') };
    });
  }, 90_000);
  afterAll(async () => { await caddy?.stop(); }, 30_000);

  const cfg = (over: Partial<TlsConfig> = {}) =>
    config({ targets: ['www.app.test', 'app.test'].map((hostname) => ({ hostname, address: caddy!.siteAddress })), ...over });
  /** Caddy issues its certificates in the background after start: poll until both handshakes work. */
  const fetchWhenIssued = (c: TlsConfig) => waitFor('Caddy internal certificates', async () => {
    const raw = await tlsCollector.fetch(c, ctx);
    return rawDoc(raw).certificates.every((x) => x.ok) ? raw : undefined;
  }, 30_000, caddy!.process);

  // Caddy's internal CA issues 12-hour leaf certificates (its intermediate lives 7 days): with the
  // default warnDays (14) they are always `expiring`. A lab using `tls internal` sets warnDays below
  // a third of 12 h, when Caddy renews; 0.25 (6 h) here.
  it('sees both names, issued by the Caddy Local Authority, untrusted without its root', async () => {
    const c = cfg({ warnDays: 0.25 });
    const raw = await fetchWhenIssued(c);
    expectNoPrivateMaterial(raw);
    const doc = rawDoc(raw);
    for (const x of doc.certificates) expect(Date.parse(x.ok ? x.validTo : '')).toBeGreaterThan(Date.parse(doc.now));
    const obs = tlsCollector.parse(raw, c);
    for (const e of obs.entities) EntitySchema.parse(e);
    expect(obs.entities.map((e) => e.id)).toEqual(['route:app.test', 'route:www.app.test']);
    const seen = certs(obs);
    for (const name of ['app.test', 'www.app.test']) {
      expect(seen[`route:${name}`]).toMatchObject({ status: 'up', address: caddy!.siteAddress, issuer: expect.stringMatching(/^Caddy Local Authority/),
        names: expect.arrayContaining([name]), expiry: 'ok', selfSigned: false, trusted: false, error: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
    }
    // Short-lived: ends within a day of the handshake, so the default warnDays calls it expiring.
    const first = doc.certificates[0]!;
    expect(first.ok && Date.parse(first.validTo) - Date.parse(doc.now)).toBeLessThanOrEqual(DAY);
    expect(certs(tlsCollector.parse(raw, config()))['route:app.test']).toMatchObject({ expiry: 'expiring' });
    if (RECORD) {
      mkdirSync(recorded, { recursive: true });
      writeFileSync(path.join(recorded, 'caddy-internal.json'), raw['certificates.json']!);
    }
  });

  it('trusts them given the root of Caddy’s CA as caFile', async () => {
    const c = cfg({ caFile: path.join(dataDir, 'pki/authorities/local/root.crt') });
    expect(readFileSync(c.caFile!, 'utf8')).toContain('BEGIN CERTIFICATE');
    const seen = certs(tlsCollector.parse(await fetchWhenIssued(c), c));
    expect(seen['route:app.test']).toMatchObject({ status: 'up', trusted: true });
    expect(seen['route:www.app.test']).toMatchObject({ status: 'up', trusted: true });
    expect(seen['route:app.test']).not.toHaveProperty('error');
  });
});

describe('tls parse of recorded real output', () => {
  const read = (file: string): RawOutput => ({ 'certificates.json': readFileSync(path.join(recorded, file), 'utf8') });

  it('reads the Caddy internal-CA certificates: ok at the recorded time, whatever the date today', () => {
    const raw = read('caddy-internal.json');
    const obs = tlsCollector.parse(raw, config({ warnDays: 0.25 }));
    for (const e of obs.entities) EntitySchema.parse(e);
    expect(obs.entities.map((e) => [e.id, e.status])).toEqual([['route:app.test', 'up'], ['route:www.app.test', 'up']]);
    const seen = certs(obs);
    expect(seen['route:app.test']).toMatchObject({ issuer: 'Caddy Local Authority - ECC Intermediate',
      names: expect.arrayContaining(['app.test']), expiry: 'ok', selfSigned: false, trusted: false, error: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
    // 12-hour certificates: `expiring` under the default 14 days.
    expect(certs(tlsCollector.parse(raw, config()))['route:app.test']).toMatchObject({ expiry: 'expiring' });
    // Replaying is deterministic: parse twice, same answer.
    expect(tlsCollector.parse(raw, config({ warnDays: 0.25 }))).toEqual(obs);
    expect(JSON.stringify(raw)).not.toMatch(/PRIVATE KEY/);
  });

  it('reads the openssl certificates: expired, expiring within 14 days, self-signed', () => {
    const obs = tlsCollector.parse(read('openssl.json'), config());
    expect(Object.fromEntries(Object.entries(certs(obs)).map(([id, c]) => {
      const { expiry, selfSigned: self, trusted, error } = c as Record<string, unknown>;
      return [id, { expiry, self, trusted, error }];
    }))).toEqual({
      'route:expired.test': { expiry: 'expired', self: false, trusted: false, error: 'CERT_HAS_EXPIRED' },
      'route:expiring.test': { expiry: 'expiring', self: false, trusted: true, error: undefined },
      'route:selfsigned.test': { expiry: 'ok', self: true, trusted: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
    });
  });
});
