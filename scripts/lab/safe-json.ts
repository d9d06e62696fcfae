/** JSON.parse that answers `undefined` instead of throwing: for telling "not JSON" apart in error messages. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
