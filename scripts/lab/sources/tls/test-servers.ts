import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import path from 'node:path';
import { createSecureContext, createServer as createTlsServer, type Server as TlsServer } from 'node:tls';

/**
 * Test fixtures for the tls collector: certificates made by the real `openssl` CLI, served by a
 * real Node TLS server on 127.0.0.1, and a TCP server that accepts and never speaks (a timeout).
 */

export interface Pem {
  cert: string;
  key: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** A self-signed certificate for `name` (CN and SAN), valid from now for `days`. */
export function selfSigned(dir: string, name: string, days: number): Pem {
  const base = path.join(dir, name);
  openssl(dir, ['req', '-x509', ...ecKey, '-keyout', `${base}.key`, '-out', `${base}.crt`, '-days', String(days),
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`]);
  return { cert: readFileSync(`${base}.crt`, 'utf8'), key: readFileSync(`${base}.key`, 'utf8') };
}

/**
 * A small CA that signs leaf certificates with ANY validity window, past ones included.
 * OpenSSL 3.0 (Debian 12) has no `-not_before/-not_after` on `req`/`x509` (those came in 3.4),
 * and `-days` cannot be negative; `openssl ca -startdate/-enddate` takes explicit dates.
 */
export function testCa(dir: string, cn = 'Scarbook Test CA'): Pem & { sign(name: string, start: Date, end: Date): Pem } {
  writeFileSync(path.join(dir, 'ca.cnf'), [
    '[ ca ]', 'default_ca = test_ca',
    '[ test_ca ]', 'dir = .', 'database = index.txt', 'new_certs_dir = .', 'serial = serial', 'default_md = sha256',
    'policy = any', 'unique_subject = no', 'copy_extensions = copy',
    '[ any ]', 'commonName = supplied', '',
  ].join('\n'));
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), '1000\n');
  openssl(dir, ['req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', `/CN=${cn}`]);
  const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z'); // YYYYMMDDHHMMSSZ
  return {
    cert: readFileSync(path.join(dir, 'ca.crt'), 'utf8'),
    key: readFileSync(path.join(dir, 'ca.key'), 'utf8'),
    sign(name, start, end) {
      openssl(dir, ['req', '-new', ...ecKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`]);
      openssl(dir, ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', `${name}.csr`, '-out', `${name}.crt`,
        '-startdate', stamp(start), '-enddate', stamp(end), '-notext']);
      return { cert: readFileSync(path.join(dir, `${name}.crt`), 'utf8'), key: readFileSync(path.join(dir, `${name}.key`), 'utf8') };
    },
  };
}

export interface Listening<S> {
  server: S;
  address: string;
  close(): Promise<void>;
}

function listen<S extends TlsServer | TcpServer>(server: S, sockets: Set<Socket>): Promise<Listening<S>> {
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        server,
        address: `127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
      });
    });
  });
}

/** A TLS server on 127.0.0.1 choosing its certificate by SNI (the first one without SNI or for unknown names). */
export function serveCertificates(byName: Record<string, Pem>): Promise<Listening<TlsServer>> {
  const contexts = new Map(Object.entries(byName).map(([n, p]) => [n, createSecureContext(p)]));
  const fallback = Object.values(byName)[0]!;
  const server = createTlsServer({
    ...fallback,
    SNICallback: (name, cb) => cb(null, contexts.get(name) ?? contexts.values().next().value),
  }, (socket) => socket.end('hello\n'));
  server.on('tlsClientError', () => {}); // clients hang up after the handshake: not a test failure
  return listen(server, new Set());
}

/** Accepts TCP connections and never answers: the client's handshake must time out. */
export function silentServer(): Promise<Listening<TcpServer>> {
  return listen(createTcpServer(() => {}), new Set());
}

/** Speaks HTTP, not TLS: the client's handshake fails on the first bytes. */
export function plainServer(): Promise<Listening<TcpServer>> {
  return listen(createTcpServer((s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')), new Set());
}
