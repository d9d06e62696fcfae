import type { FetchContext, RawOutput } from '../../collector.ts';
import { errorChain } from '../../error-chain.ts';
import { stripUrlCredentials } from '../../redact.ts';
import { httpsGet } from '../../https-get.ts';
import { limiter } from '../netbox/http.ts';
import { FILES, type ProxmoxConfig } from './config.ts';

export interface ProxmoxFetchOptions {
  /** Per-request timeout (ms). */
  timeoutMs?: number;
}

/** `user@realm!tokenid`: what PVE calls the token id. */
const TOKEN_ID = /^[^\s@!=]+@[^\s@!=]+![A-Za-z][A-Za-z0-9._-]*$/;

/** The two env vars, named (never their values), for every credentials message. */
function tokenVars(config: ProxmoxConfig): string {
  return `$${config.tokenIdEnv} (tokenIdEnv, user@realm!tokenid) and $${config.tokenSecretEnv} (tokenSecretEnv, the token's secret)`;
}

function authHeader(config: ProxmoxConfig, ctx: FetchContext): string {
  const id = ctx.env[config.tokenIdEnv]?.trim(); // read at fetch time, never stored
  const secret = ctx.env[config.tokenSecretEnv]?.trim();
  if (!id || !secret) throw new Error(`proxmox source ${config.name}: ${tokenVars(config)} must both be set; export them before pulling.`);
  if (!TOKEN_ID.test(id)) throw new Error(`proxmox source ${config.name}: $${config.tokenIdEnv} (tokenIdEnv) must hold a token id as user@realm!tokenid (e.g. scarbook@pve!inventory).`);
  if (/\s/.test(secret)) throw new Error(`proxmox source ${config.name}: $${config.tokenSecretEnv} (tokenSecretEnv) must hold the token's secret, without spaces.`);
  return `PVEAPIToken=${id}=${secret}`;
}

function hint(config: ProxmoxConfig, detail: string): string {
  if (/certificate rejected|not the pinned/.test(detail)) return 'Check the tls settings of this source (the CA is /etc/pve/pve-root-ca.pem on any node).';
  if (/ECONNREFUSED/.test(detail)) return 'Connection refused: is pveproxy running, and is the port 8006?';
  if (/no answer within/.test(detail)) return 'Is url the Proxmox API address (https://<node>:8006), reachable from here?';
  if (/\b404\b/.test(detail)) return 'No Proxmox API there: url must be the node itself, https://<node>:8006, without a path.';
  return `Check url (${config.url}) and that it is a Proxmox VE node.`;
}

type Body = { ok: true; text: string } | { ok: false; status: number; statusText: string };

/** GET one API path. 2xx → text; 401 → a one-line credentials error; others → status for the caller. */
async function get(config: ProxmoxConfig, path: string, authorization: string, timeoutMs: number): Promise<Body> {
  const url = `${config.url.replace(/\/+$/, '')}/api2/json/${path}`;
  let answer;
  try {
    answer = await httpsGet(url, { accept: 'application/json', authorization }, config.tls ?? {}, timeoutMs);
  } catch (error) {
    const detail = stripUrlCredentials(errorChain(error).trim()).replace(/\s+/g, ' ');
    throw new Error(`proxmox source ${config.name}: ${/[.?!]$/.test(detail) ? detail : `${detail}.`} ${hint(config, detail)}`, { cause: error });
  }
  if (answer.status === 401) {
    throw new Error(`proxmox source ${config.name}: GET ${url}: 401 ${answer.statusText || 'Unauthorized'}: Proxmox rejected the API token; check ${tokenVars(config)}.`);
  }
  if (answer.status >= 200 && answer.status < 300) return { ok: true, text: answer.body };
  return { ok: false, status: answer.status, statusText: answer.statusText };
}

/**
 * The `data` of a PVE answer, checked: an HTML page (a login page, a proxy), cut-off JSON,
 * `{"data": null}` or an `{"errors": …}` body are errors naming the URL, never an empty lab.
 */
export function checkAnswer(config: ProxmoxConfig, path: string, text: string): unknown[] {
  const where = `${config.url.replace(/\/+$/, '')}/api2/json/${path}`;
  const head = text.trimStart().slice(0, 200);
  if (head.startsWith('<')) {
    throw new Error(`proxmox source ${config.name}: ${where} answered with an HTML page, not JSON (the web UI's login page, or a proxy?). Point url at the node itself, https://<node>:8006.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`proxmox source ${config.name}: ${where} did not answer with valid JSON (${(error as Error).message}; ${text.length} bytes): a cut-off answer? Pull again.`, { cause: error });
  }
  const body = doc as { data?: unknown; errors?: unknown } | null;
  if (body && typeof body === 'object' && body.errors && typeof body.errors === 'object') {
    throw new Error(`proxmox source ${config.name}: ${where} answered with a Proxmox error (${Object.keys(body.errors).join(', ') || 'no detail'}). Check the token's permissions (Sys.Audit and VM.Audit on /).`);
  }
  if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
    const got = body && typeof body === 'object' ? `data is ${body.data === null ? 'null' : typeof body.data}` : `a ${doc === null ? 'null' : typeof doc}`;
    throw new Error(`proxmox source ${config.name}: ${where} did not answer with {"data": [...]} (${got}). Is url a Proxmox VE node, and does the token see the cluster (Sys.Audit on /)?`);
  }
  return body.data;
}

export async function fetchProxmox(config: ProxmoxConfig, ctx: FetchContext, options: ProxmoxFetchOptions = {}): Promise<RawOutput> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const authorization = authHeader(config, ctx);
  const raw: RawOutput = {};
  for (const [file, path] of [[FILES.status, 'cluster/status'], [FILES.resources, 'cluster/resources']] as const) {
    const answer = await get(config, path, authorization, timeoutMs);
    if (!answer.ok) {
      const why = answer.status === 403
        ? "the token may not read it: give it Sys.Audit and VM.Audit on / (or turn off the token's privilege separation)."
        : hint(config, String(answer.status));
      throw new Error(`proxmox source ${config.name}: GET ${config.url.replace(/\/+$/, '')}/api2/json/${path}: ${answer.status} ${answer.statusText}: ${why}`);
    }
    checkAnswer(config, path, answer.text);
    raw[file] = answer.text;
  }
  // Optional: HA and backup jobs need more rights (and HA a cluster). A refusal is noted, not fatal.
  const skipped: Record<string, string> = {};
  for (const [file, path] of [[FILES.ha, 'cluster/ha/resources'], [FILES.backup, 'cluster/backup']] as const) {
    const answer = await get(config, path, authorization, timeoutMs);
    if (answer.ok) {
      checkAnswer(config, path, answer.text);
      raw[file] = answer.text;
    } else if ([403, 404, 500, 501].includes(answer.status)) {
      raw[file] = '{"data":[]}';
      skipped[path] = `${answer.status} ${answer.statusText}`.trim();
    } else {
      throw new Error(`proxmox source ${config.name}: GET ${config.url.replace(/\/+$/, '')}/api2/json/${path}: ${answer.status} ${answer.statusText}. ${hint(config, String(answer.status))}`);
    }
  }
  await fetchNetworks(config, authorization, timeoutMs, raw, skipped);
  raw[FILES.notes] = `${JSON.stringify({ skipped }, null, 2)}\n`;
  return raw;
}

/** Guest config keys that say where a guest is plugged in; everything else (passwords, keys, notes) is never kept. */
const NIC_KEY = /^(?:net|ipconfig)\d+$/;

/**
 * Each node's bridges and VLAN interfaces, and each guest's NICs (bridge, tag, MAC, static IP).
 * Optional like HA: a token without Sys.Audit on a node, or an offline node (595), is noted and
 * skipped. Four requests at a time, so a cluster of hundreds of guests is read politely.
 */
async function fetchNetworks(config: ProxmoxConfig, authorization: string, timeoutMs: number, raw: RawOutput, skipped: Record<string, string>): Promise<void> {
  const resources = checkAnswer(config, 'cluster/resources', raw[FILES.resources]!) as { type?: string; node?: string; vmid?: number | string; status?: string }[];
  const nodes = [...new Set(resources.filter((r) => r.type === 'node' && r.node && r.status !== 'offline').map((r) => r.node!))].sort();
  const guests = resources.filter((r) => (r.type === 'qemu' || r.type === 'lxc') && r.node && /^\d+$/.test(String(r.vmid ?? '')));
  const limit = limiter(4);
  const optional = async (path: string, file: string, keep: (data: unknown) => unknown) => {
    const answer = await limit(() => get(config, path, authorization, timeoutMs));
    if (!answer.ok) {
      if (![403, 404, 500, 501, 595].includes(answer.status)) {
        throw new Error(`proxmox source ${config.name}: GET ${config.url.replace(/\/+$/, '')}/api2/json/${path}: ${answer.status} ${answer.statusText}. ${hint(config, String(answer.status))}`);
      }
      skipped[path] = `${answer.status} ${answer.statusText}`.trim();
      return;
    }
    let data: unknown;
    try {
      data = (JSON.parse(answer.text) as { data?: unknown } | null)?.data;
    } catch {
      data = undefined;
    }
    // HTML, cut-off JSON or `{"data": null}`: checkAnswer words the error (and throws).
    if (data === undefined || data === null || typeof data !== 'object') checkAnswer(config, path, answer.text);
    raw[file] = `${JSON.stringify({ data: keep(data) }, null, 2)}\n`;
  };
  await Promise.all([
    ...nodes.map((n) => optional(`nodes/${n}/network`, FILES.network(n), (d) => (Array.isArray(d) ? d : checkAnswer(config, `nodes/${n}/network`, JSON.stringify({ data: typeof d }))))),
    ...guests.map((g) => optional(`nodes/${g.node}/${g.type}/${g.vmid}/config`, FILES.guestConfig(g.type!, g.vmid!), (d) =>
      Object.fromEntries(Object.entries((d ?? {}) as Record<string, unknown>).filter(([k]) => NIC_KEY.test(k)).sort(([a], [b]) => (a < b ? -1 : 1))))),
  ]);
}
