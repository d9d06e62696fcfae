/**
 * Secrets never reach a snapshot or the site. Collectors call these on every label,
 * annotation, URL and command line they keep; environment values are never kept at all.
 */

/** Keys whose values are secret whatever they look like. */
const SECRET_KEY = /(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|auth|bearer|session|cookie|signature|salt)/i;

/** Values that look like credentials whatever their key: known token formats and key material. */
const SECRET_VALUE = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/,
  /\b(xox[abprs]-[A-Za-z0-9-]{10,})\b/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/, // JWT
  /\b(sk|pk|rk)_(live|test)_[A-Za-z0-9]{16,}\b/,
  /\b[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])/, // long base64 blobs
];

export const REDACTED = '[redacted]';

/** Credentials in a URL's user-info (`https://user:pass@host`) are removed; the rest stays. */
export function stripUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+)(:[^/\s@]*)?@/gi, (_m, scheme: string) => scheme);
}

export function looksSecret(key: string, value: string): boolean {
  return SECRET_KEY.test(key) || SECRET_VALUE.some((re) => re.test(value));
}

/** A label or annotation value as it may be stored: redacted if secret, URLs without credentials. */
export function redactValue(key: string, value: string): string {
  return looksSecret(key, value) ? REDACTED : stripUrlCredentials(value);
}

/** Every value of a label map through `redactValue`, keys sorted for stable snapshots. */
export function redactLabels(labels: Record<string, string> | null | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, redactValue(k, String(v))]),
  );
}

/**
 * A whole JSON document with secrets removed: values under secret-looking keys and values that
 * look like credentials become `[redacted]`; credentials in URLs (values and keys) are stripped.
 */
export function redactDeep(value: unknown, secret = false): unknown {
  if (typeof value === 'string') return secret || looksSecret('', value) ? REDACTED : stripUrlCredentials(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secret));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [stripUrlCredentials(k), redactDeep(v, secret || looksSecret(k, ''))]));
  }
  return value;
}

/**
 * `sanitize` for sources whose raw output is JSON documents: each listed file (all when none
 * are listed) through `redactDeep`; text that is not JSON only loses URL credentials, since
 * parse will reject it anyway. `indent` keeps the tool's own layout so recordings diff cleanly.
 */
export function redactJsonFiles(raw: Record<string, string>, files: readonly string[] = Object.keys(raw), indent: number | string = 2): Record<string, string> {
  const out = { ...raw };
  for (const file of files) {
    const text = raw[file];
    if (text === undefined) continue;
    try {
      out[file] = `${JSON.stringify(redactDeep(JSON.parse(text)), null, indent)}\n`;
    } catch {
      out[file] = stripUrlCredentials(text);
    }
  }
  return out;
}
