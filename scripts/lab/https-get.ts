import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { z } from 'astro/zod';

/**
 * HTTPS for lab APIs behind self-signed certificates (Proxmox, NetBox, Traefik): trust a CA file,
 * pin a fingerprint, or — said out loud — accept anything. One implementation for every source.
 */
export const TlsOptionsSchema = z.object({
  /** PEM file of the CA (or the self-signed certificate itself) to trust. */
  caFile: z.string().min(1).optional(),
  /** Pin the server certificate by its SHA-256 fingerprint (`openssl x509 -noout -fingerprint -sha256`). */
  fingerprint256: z.string().regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/, 'must be a SHA-256 fingerprint as AB:CD:… (32 bytes)').optional(),
  /** Accept any certificate (encrypted, but anyone in the path can read the credentials). */
  insecure: z.boolean().optional(),
});
export type TlsOptions = z.infer<typeof TlsOptionsSchema>;

export interface HttpsAnswer { status: number; statusText: string; headers: IncomingHttpHeaders; body: string }

/** `GET url: why. Is the service running…`, the same words as the pull's `httpGet`. */
function unreachable(url: string, error: unknown, timeoutMs: number): Error {
  const err = error as Error & { code?: string };
  if (err.name === 'TimeoutError') return new Error(`GET ${url}: no answer within ${timeoutMs / 1000} s. Is the service running and reachable from here?`);
  return new Error(`GET ${url}: ${err.code ?? err.message}. Is the service running and reachable from here?`, { cause: error });
}

/**
 * GET over HTTPS with the source's trust settings: a CA file, a pinned fingerprint or no check.
 * The TLS handshake is finished and the peer checked BEFORE the request (and its Authorization
 * header) is written, so credentials never go to an unverified server.
 */
export function httpsGet(url: string, headers: Record<string, string>, tls: TlsOptions, timeoutMs: number): Promise<HttpsAnswer> {
  const target = new URL(url);
  const pin = tls.fingerprint256?.toUpperCase();
  return new Promise<HttpsAnswer>((resolve, reject) => {
    let socket: TLSSocket | undefined;
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket?.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(unreachable(url, Object.assign(new Error('timeout'), { name: 'TimeoutError' }), timeoutMs)), timeoutMs);
    try {
      socket = tlsConnect({
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: Number(target.port || 443),
        servername: /^[\d.]+$|:/.test(target.hostname) ? undefined : target.hostname,
        ca: tls.caFile ? readFileSync(tls.caFile) : undefined,
        // A pin replaces the chain check (a pinned self-signed certificate has no chain); with a
        // caFile too, both must hold. The pin is compared below, before anything is sent.
        rejectUnauthorized: !tls.insecure && !(pin && !tls.caFile),
      });
    } catch (error) {
      fail(new Error(`GET ${url}: ${(error as Error).message}. Check tls.caFile.`, { cause: error }));
      return;
    }
    socket.once('error', (error: Error & { code?: string }) => {
      const certificate = /CERT|SELF_SIGNED|UNABLE_TO|HOSTNAME|ALTNAME/i.test(`${error.code} ${error.message}`);
      fail(certificate
        ? new Error(`GET ${url}: certificate rejected (${error.code ?? error.message}). Trust it with tls.caFile, pin it with tls.fingerprint256, or (last resort) tls.insecure: true.`, { cause: error })
        : unreachable(url, error, timeoutMs));
    });
    socket.once('secureConnect', () => {
      const seen = socket!.getPeerCertificate().fingerprint256?.toUpperCase();
      if (pin && seen !== pin) {
        fail(new Error(`GET ${url}: the server's certificate fingerprint ${seen ?? '(none)'} is not the pinned tls.fingerprint256; not sending the request. If the certificate was renewed, pin the new one.`));
        return;
      }
      const req = httpRequest({ host: target.host, path: `${target.pathname}${target.search}`, method: 'GET', headers: { host: target.host, ...headers }, createConnection: () => socket! }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => { body += chunk; });
        res.on('end', () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          socket!.destroy();
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body });
        });
        res.on('error', (error) => fail(unreachable(url, error, timeoutMs)));
      });
      req.on('error', (error) => fail(unreachable(url, error, timeoutMs)));
      req.end();
    });
  });
}

