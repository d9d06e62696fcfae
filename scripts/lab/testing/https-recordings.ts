import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './server-process.ts';

/**
 * A local HTTPS server for the HTTP sources' tests (Traefik, Proxmox, NetBox…): it serves recorded
 * API answers by path over TLS with a fresh self-signed certificate, so the collectors' real
 * request code (pagination, auth headers, certificate checks, retries, timeouts) runs unchanged.
 */

export interface RecordedResponse {
  /** 200 unless told. */
  status?: number;
  body: string;
  /** `content-type: application/json` unless told. */
  headers?: Record<string, string>;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent (`/api/http/routers?page=2&per_page=100`). */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
}

/**
 * Recorded answers keyed by path: the full path with its query first, then the path alone.
 * Or a function (return undefined for 404).
 */
export type Routes = Record<string, RecordedResponse> | ((request: RecordedRequest) => RecordedResponse | undefined);

export interface HttpsRecordingsOptions {
  routes: Routes;
  /** Requests must carry this header with exactly this value, or get 401. Header defaults to `authorization`. */
  auth?: { header?: string; value: string };
  /** The first request (to `path`, if given) is answered 429 with this Retry-After (seconds); later ones normally. */
  tooManyRequestsOnce?: { path?: string; retryAfterSeconds?: number };
  /** Delay every answer (ms). */
  delayMs?: number;
}

export interface HttpsRecordings {
  /** `https://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** PEM of the self-signed certificate (it is its own CA). */
  caFile: string;
  /** SHA-256 fingerprint as Node prints it (`AB:CD:…`). */
  fingerprint256: string;
  /** Every request as `METHOD path?query`, in order (the 401s and 429s included). */
  requests: string[];
  close(): Promise<void>;
}

const run = promisify(execFile);

/** A self-signed P-256 certificate for 127.0.0.1, valid two days, in a temp dir. */
async function selfSigned(dir: string): Promise<{ key: string; cert: string }> {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert]);
  return { key, cert };
}

export async function startHttpsRecordings(options: HttpsRecordingsOptions): Promise<HttpsRecordings> {
  const tmp = tempDir('https-recordings');
  const files = await selfSigned(tmp.dir);
  const certPem = readFileSync(files.cert, 'utf8');
  const requests: string[] = [];
  let throttled = false;
  const authHeader = (options.auth?.header ?? 'authorization').toLowerCase();

  const server = createServer({ key: readFileSync(files.key), cert: certPem }, (req, res) => {
    const rawPath = req.url ?? '/';
    const url = new URL(rawPath, 'https://127.0.0.1');
    requests.push(`${req.method} ${rawPath}`);
    const send = (r: RecordedResponse) => {
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
        res.end(r.body);
      };
      const delay = r.delayMs ?? options.delayMs ?? 0;
      if (delay > 0) setTimeout(answer, delay); else answer();
    };
    if (options.auth && req.headers[authHeader] !== options.auth.value) {
      send({ status: 401, body: '401 Unauthorized\n', headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Basic realm="traefik"' } });
      return;
    }
    const once = options.tooManyRequestsOnce;
    if (once && !throttled && (once.path === undefined || once.path === url.pathname)) {
      throttled = true;
      send({ status: 429, body: 'Too Many Requests\n', headers: { 'content-type': 'text/plain', 'retry-after': String(once.retryAfterSeconds ?? 1) } });
      return;
    }
    const request: RecordedRequest = { method: req.method ?? 'GET', path: rawPath, url, headers: req.headers };
    const found = typeof options.routes === 'function'
      ? options.routes(request)
      : options.routes[rawPath] ?? options.routes[url.pathname];
    send(found ?? { status: 404, body: '404 page not found\n', headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}`,
    caFile: files.cert,
    fingerprint256: new X509Certificate(certPem).fingerprint256,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      tmp.remove();
    },
  };
}
