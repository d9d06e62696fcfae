import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level and no whitespace: the same data, the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
}

/**
 * Which version of a drill ran: sha256 of its front matter as written (canonical JSON), so a
 * journal can say whether it proves the drill as it stands today or an older version of it.
 */
export function definitionHash(frontMatter: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(frontMatter)).digest('hex')}`;
}
