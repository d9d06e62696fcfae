import { readFileSync } from 'node:fs';
import { z } from 'astro/zod';
import type { Collector, Observation, RawOutput } from '../collector.ts';
import type { EntityInput, Json } from '../../../src/schemas/lab.ts';
import { ids } from '../identity.ts';
import { handshake, type CertificateRecord } from './tls/handshake.ts';

export type { CertificateRecord } from './tls/handshake.ts';

export const TlsTargetSchema = z.object({
  /** The name the certificate should be for: sent as SNI, and the route it describes. */
  hostname: z.string().min(1),
  /** `host:port` to connect to (`127.0.0.1:8443`, `[::1]:443`); default `<hostname>:443`. */
  address: z.string().min(1).optional(),
});

export const TlsConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('tls'),
  targets: z.array(TlsTargetSchema),
  /** Per handshake, connect included. */
  timeoutSeconds: z.number().positive().default(5),
  /** A certificate that ends within this many days of the pull is `expiring`. */
  warnDays: z.number().nonnegative().default(14),
  /** PEM file of extra trust anchors (a lab's internal CA, e.g. Caddy's `pki/authorities/local/root.crt`). */
  caFile: z.string().min(1).optional(),
});
export type TlsConfig = z.infer<typeof TlsConfigSchema>;

/** The one raw file: `{ now, certificates }`, certificates sorted by hostname then address. */
export const CERTIFICATES = 'certificates.json';

export interface TlsRaw {
  /** When the handshakes were made (ISO); parse measures expiry against this, not the clock. */
  now: string;
  certificates: CertificateRecord[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** At most this many handshakes at once: a lab with many routes should not open them all together. */
const PARALLEL = 8;

async function fetchCertificates(config: TlsConfig): Promise<RawOutput> {
  let ca: string[] | undefined;
  if (config.caFile) {
    try {
      ca = [readFileSync(config.caFile, 'utf8')];
    } catch (error) {
      throw new Error(`tls source ${config.name}: cannot read caFile ${config.caFile}: ${(error as Error).message}. Point caFile at a PEM file of the lab's CA, or remove it.`, { cause: error });
    }
  }
  const now = new Date().toISOString();
  const timeoutMs = config.timeoutSeconds * 1000;
  const queue = config.targets.map((t) => ({ hostname: t.hostname, address: t.address ?? `${t.hostname}:443` }));
  const results: CertificateRecord[] = [];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) results.push(await handshake(t.hostname, t.address, { timeoutMs, ca }));
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  results.sort((a, b) => cmp(a.hostname, b.hostname) || cmp(a.address, b.address));
  const raw: TlsRaw = { now, certificates: results };
  return { [CERTIFICATES]: `${JSON.stringify(raw, null, 2)}\n` };
}

export type Expiry = 'ok' | 'expiring' | 'expired';

const DAY_MS = 86_400_000;

/** Coarse on purpose: a day count would change the snapshot every day. */
export function expiryOf(validTo: string, now: string, warnDays: number): Expiry {
  const end = Date.parse(validTo);
  const at = Date.parse(now);
  if (Number.isNaN(end) || Number.isNaN(at)) throw new Error(`bad date: validTo "${validTo}", now "${now}"`);
  if (end <= at) return 'expired';
  return end - at <= warnDays * DAY_MS ? 'expiring' : 'ok';
}

/** DNS and IP names from the SAN list; the subject CN only when there is no SAN (old certificates). */
function namesOf(c: Extract<CertificateRecord, { ok: true }>): string[] {
  const names = c.subjectAltNames
    .map((s) => /^(?:DNS|IP Address):(.+)$/.exec(s)?.[1]?.toLowerCase())
    .filter((s): s is string => s !== undefined);
  if (names.length === 0 && c.subject.CN) names.push(c.subject.CN.toLowerCase());
  return [...new Set(names)].sort(cmp);
}

function certificateAttributes(c: CertificateRecord, now: string, warnDays: number): Record<string, Json> {
  if (!c.ok) return { address: c.address, error: c.error };
  return {
    address: c.address,
    issuer: c.issuer.CN ?? c.issuer.O,
    subject: c.subject.CN ?? c.subject.O,
    names: namesOf(c),
    validTo: c.validTo,
    expiry: expiryOf(c.validTo, now, warnDays),
    selfSigned: c.selfSigned,
    trusted: c.authorized,
    ...(c.authorized || !c.authorizationError ? {} : { error: c.authorizationError }),
  };
}

export function parseTls(raw: RawOutput, config: TlsConfig): Observation {
  const text = raw[CERTIFICATES];
  if (text === undefined) throw new Error(`tls source ${config.name}: raw output has no ${CERTIFICATES}`);
  const doc = JSON.parse(text) as TlsRaw;
  if (typeof doc?.now !== 'string' || !Array.isArray(doc.certificates)) {
    throw new Error(`tls source ${config.name}: ${CERTIFICATES} is not { now, certificates: [...] }`);
  }
  const byId = new Map<string, EntityInput>();
  for (const c of doc.certificates) {
    const id = ids.route(c.hostname);
    // Two addresses for one host name (two proxies): the first that answered describes the route.
    const previous = byId.get(id);
    if (previous && (previous.status === 'up' || !c.ok)) continue;
    byId.set(id, {
      id,
      kind: 'route',
      name: c.hostname.toLowerCase(),
      status: c.ok ? 'up' : 'down',
      sources: [config.name],
      aliases: [],
      attributes: { certificate: certificateAttributes(c, doc.now, config.warnDays) },
    });
  }
  // A certificate names no host or container: no edges; the route id merges with Caddy's.
  return { entities: [...byId.values()].sort((a, b) => cmp(a.id, b.id)), edges: [] };
}

export const tlsCollector: Collector<TlsConfig> = {
  type: 'tls',
  configSchema: TlsConfigSchema,
  fetch: (config) => fetchCertificates(config),
  parse: parseTls,
};
