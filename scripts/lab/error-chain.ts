/**
 * An error's message plus those of its causes, de-duplicated: fetch hides the useful part
 * (ECONNREFUSED, "bad port") in `cause`, and wrapped errors repeat their inner message.
 */
export function errorChain(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { message, code } = e as { message?: unknown; code?: unknown };
    parts.push(String(message ?? e), ...(code ? [String(code)] : []));
  }
  return [...new Set(parts)].join(': ');
}
