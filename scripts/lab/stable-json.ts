/**
 * Machine-written lab state must diff cleanly in Git: object keys sorted, two-space indent,
 * trailing newline. Arrays keep their order (callers sort them by meaning: ids, paths).
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/**
 * Plain loops, not entries/filter/map chains: a fleet pull serialises 6,622 snapshots and this
 * was its largest cost. A null-prototype copy keeps a source's own `__proto__` key a plain key.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = sortKeys(value[i]);
    return out;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(record).sort()) {
      const v = record[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}
