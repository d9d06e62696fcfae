import { REDACTED, redactDeep, stripUrlCredentials } from '../../lab/redact.ts';
import type { CtkActivity, CtkActivityRun } from './chaostoolkit-schema.ts';

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const SECRET_PAIR = /(["']?)([A-Za-z0-9_-]*(?:pass(?:word|wd)?|secret|token|api[-_]?key|credential|auth)[A-Za-z0-9_-]*)\1(\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}]+)/gi;

/**
 * Text an activity printed (an HTTP body, stdout) with secrets removed: parsed and redacted when
 * it is JSON, else `password=…` / `"token": "…"` pairs blanked.
 */
export function redactText(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return JSON.stringify(redactDeep(parsed));
  } catch {
    // not JSON: fall through to the pattern
  }
  return stripUrlCredentials(text).replace(SECRET_PAIR, (_m, q: string, key: string, sep: string) => `${q}${key}${q}${sep}"${REDACTED}"`);
}

/** `kill-backend-service: process docker stop redis`, the way our own runner words an action. */
export function describeActivity(a: CtkActivity): string {
  const p = a.provider as Record<string, unknown> | undefined;
  const name = a.name ?? (a.ref ? `ref ${a.ref}` : 'unnamed');
  if (!p) return name;
  const args = (v: unknown) => (Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : '');
  switch (p.type) {
    case 'http':
      return `${name}: ${String(p.method ?? 'GET').toUpperCase()} ${stripUrlCredentials(String(p.url ?? '?'))}`;
    case 'process':
      return `${name}: \`${[p.path, args(p.arguments)].filter(Boolean).join(' ')}\``;
    case 'python':
      return `${name}: ${String(p.module ?? '?')}.${String(p.func ?? '?')}()`;
    default:
      return `${name}: ${String(p.type)} provider`;
  }
}

/** The last line of a Python traceback: the exception and its message. */
export function exceptionLine(lines: readonly string[] | undefined): string | null {
  const last = (lines ?? []).map((l) => l.trim()).filter(Boolean).at(-1);
  return last ? redactText(last) : null;
}

/** What an activity returned, in one short line, secrets removed. */
export function describeOutput(run: CtkActivityRun): string {
  const error = exceptionLine(run.exception);
  if (error) return clip(error);
  const out = redactDeep(run.output) as unknown;
  if (out === null || out === undefined) return run.status;
  if (typeof out === 'object' && !Array.isArray(out)) {
    const o = out as Record<string, unknown>;
    // http provider: { status, headers, body }; process provider: { status, stdout, stderr }.
    if ('headers' in o && 'status' in o) return clip(`HTTP ${String(o.status)}${o.body ? `: ${typeof o.body === 'string' ? redactText(o.body) : JSON.stringify(o.body)}` : ''}`);
    if ('stdout' in o && 'status' in o) return clip(`exit ${String(o.status)}${o.stdout ? `: ${redactText(String(o.stdout).trim())}` : ''}${o.stderr ? ` (stderr: ${redactText(String(o.stderr).trim())})` : ''}`);
  }
  return clip(typeof out === 'string' ? redactText(out) : JSON.stringify(out));
}
