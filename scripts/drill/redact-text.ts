import { looksSecret, REDACTED, stripUrlCredentials } from '../lab/redact.ts';

/**
 * Values that must never reach a journal: every environment variable whose name looks secret
 * (RESTIC_PASSWORD, NETBOX_TOKEN…) plus the ones a drill names as holding a password.
 */
export function secretValues(env: NodeJS.ProcessEnv, names: readonly string[] = []): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(env)) if (v && v.length >= 4 && (looksSecret(k, '') || names.includes(k))) out.add(v);
  return [...out].sort((a, b) => b.length - a.length);
}

const PAIR = /\b([A-Za-z_][A-Za-z0-9_.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/g;

/**
 * Command output and interpolated values as they may be journalled: known secret values, values
 * of secret-looking keys (`PASSWORD=…`, `token: …`), credential-shaped tokens and URL user-info
 * are replaced; the rest stays readable.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(REDACTED);
  out = out.replace(PAIR, (m, key: string, sep: string, value: string) => (looksSecret(key, '') && value !== REDACTED ? `${key}${sep}${REDACTED}` : m));
  out = out
    .split(/(\s+)/)
    .map((token) => (token.trim() && token !== REDACTED && looksSecret('', token) ? REDACTED : token))
    .join('');
  return stripUrlCredentials(out);
}
