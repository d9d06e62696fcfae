import { isIP } from 'node:net';
import { connect, rootCertificates, type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';

/**
 * One TLS handshake and what it showed: only public certificate fields, never key material.
 * A failed handshake (refused, timeout, not TLS, DNS) is a result too, not an exception: one dead
 * route must not make the whole source stale.
 */
export type CertificateRecord = CertificateSeen | CertificateMissed;

export interface CertificateSeen {
  hostname: string;
  /** `host:port` actually dialled. */
  address: string;
  ok: true;
  /** Chain valid against the trust store (system, or `caFile`) AND the name matches. */
  authorized: boolean;
  /** Node's verdict when not authorized (`SELF_SIGNED_CERT_IN_CHAIN`, `CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID` …). */
  authorizationError: string | null;
  subject: { CN: string | null; O: string | null };
  /** `DNS:a.example`, `IP Address:10.0.0.1`, as Node lists them. */
  subjectAltNames: string[];
  issuer: { CN: string | null; O: string | null };
  /** ISO 8601. */
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  serialNumber: string;
  /** Issuer DN equals subject DN (a certificate nobody else vouches for). */
  selfSigned: boolean;
}

export interface CertificateMissed {
  hostname: string;
  address: string;
  ok: false;
  /** The error code (`ECONNREFUSED`, `ETIMEDOUT`, `ERR_SSL_WRONG_VERSION_NUMBER`) or, without one, the message. */
  error: string;
  /** Node's full message, for the person reading the raw output. */
  message: string;
}

/** `host:port`, `[v6]:port` or a bare host (port 443). */
export function splitAddress(address: string): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : 443 };
  const colon = address.lastIndexOf(':');
  // A bare IPv6 address has several colons and no port.
  if (colon === -1 || address.indexOf(':') !== colon) return { host: address, port: 443 };
  const port = Number(address.slice(colon + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`bad port in address "${address}"`);
  return { host: address.slice(0, colon), port };
}

/** Node's `subjectaltname` (`DNS:a, DNS:b, IP Address:1.2.3.4`); values with commas are JSON-quoted. */
export function splitAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  const re = /([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:,\s*|$)/g;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    const value = m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!;
    out.push(`${m[1]!.trim()}:${value.trim()}`);
  }
  return out;
}

const first = (v: string | string[] | undefined): string | null => (Array.isArray(v) ? (v[0] ?? null) : (v ?? null));
const dn = (d: PeerCertificate['subject'] | undefined) => ({ CN: first(d?.CN), O: first(d?.O) });

function sameDn(a: PeerCertificate['subject'] | undefined, b: PeerCertificate['subject'] | undefined): boolean {
  const norm = (d: PeerCertificate['subject'] | undefined) =>
    JSON.stringify(Object.entries(d ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return Object.keys(a ?? {}).length > 0 && norm(a) === norm(b);
}

const iso = (text: string): string => {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
};

export function describeCertificate(
  hostname: string,
  address: string,
  cert: DetailedPeerCertificate,
  authorized: boolean,
  authorizationError: unknown,
): CertificateSeen {
  return {
    hostname,
    address,
    ok: true,
    authorized,
    authorizationError: authorized ? null : authorizationError ? String((authorizationError as { code?: string }).code ?? authorizationError) : null,
    subject: dn(cert.subject),
    subjectAltNames: splitAltNames(cert.subjectaltname),
    issuer: dn(cert.issuer),
    validFrom: iso(cert.valid_from),
    validTo: iso(cert.valid_to),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    selfSigned: sameDn(cert.subject, cert.issuer),
  };
}

function missed(hostname: string, address: string, error: unknown): CertificateMissed {
  const e = error as { code?: unknown; message?: unknown };
  const message = String(e?.message ?? error);
  return { hostname, address, ok: false, error: typeof e?.code === 'string' ? e.code : message, message };
}

export interface HandshakeOptions {
  timeoutMs: number;
  /** Extra trust anchors (PEM), e.g. a lab's internal CA; added to, not replacing, Node's roots. */
  ca?: string[];
}

/** Connects to `address`, sends `hostname` as SNI, reads the peer certificate, hangs up. Never throws. */
export function handshake(hostname: string, address: string, options: HandshakeOptions): Promise<CertificateRecord> {
  return new Promise((resolve) => {
    let target: { host: string; port: number };
    try {
      target = splitAddress(address);
    } catch (error) {
      resolve(missed(hostname, address, error));
      return;
    }
    let done = false;
    const finish = (record: CertificateRecord) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(record);
    };
    const socket = connect({
      host: target.host,
      port: target.port,
      // RFC 6066: SNI carries names, never IP addresses (Node warns on an IP).
      ...(isIP(hostname) ? {} : { servername: hostname }),
      // We want to SEE bad certificates (expired, self-signed, wrong name), not refuse them.
      rejectUnauthorized: false,
      ...(options.ca ? { ca: [...rootCertificates, ...options.ca] } : {}),
    });
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no TLS handshake with ${address} within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' });
      finish(missed(hostname, address, error));
    }, options.timeoutMs);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(true);
      if (!cert || Object.keys(cert).length === 0) {
        finish(missed(hostname, address, Object.assign(new Error('the server sent no certificate'), { code: 'NO_CERTIFICATE' })));
        return;
      }
      finish(describeCertificate(hostname, address, cert, socket.authorized, socket.authorizationError));
    });
    socket.once('error', (error) => finish(missed(hostname, address, error)));
    socket.once('close', () => finish(missed(hostname, address, Object.assign(new Error('connection closed before the TLS handshake finished'), { code: 'ECONNRESET' }))));
  });
}

