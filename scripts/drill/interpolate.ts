import { TEMPLATE } from '../../src/schemas/drill.ts';

/** A variable a drill used, and where its value came from. */
export interface UsedVariable {
  name: string;
  value: string;
  /** True when the environment did not set it and the drill's `:-default` was used. */
  fromDefault: boolean;
}

export class InterpolationError extends Error {
  readonly fields: string[];
  constructor(file: string, fields: string[]) {
    super(`${file}: environment variables missing\n${fields.map((f) => `  - ${f}`).join('\n')}\n  Set them (export NAME=…) or give the drill a default: \${NAME:-value}.`);
    this.name = 'InterpolationError';
    this.fields = fields;
  }
}

const fieldPath = (path: readonly (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${p}`)).join('');

/**
 * Fills `${VAR}` and `${VAR:-default}` in every string inside `value` from `env` (an empty
 * variable counts as unset, as in the shell). `$${VAR}` becomes a literal `${VAR}`. Every missing
 * variable is reported at once, with the field it is in.
 */
export function interpolate<T>(value: T, env: NodeJS.ProcessEnv, file: string, at: (string | number)[] = []): { value: T; used: UsedVariable[] } {
  const used = new Map<string, UsedVariable>();
  const missing: string[] = [];
  const walk = (v: unknown, path: (string | number)[]): unknown => {
    if (typeof v === 'string') {
      const filled = v.replace(TEMPLATE, (_m, name: string, fallback: string | undefined) => {
        const set = env[name];
        if (set !== undefined && set !== '') {
          used.set(name, { name, value: set, fromDefault: false });
          return set;
        }
        if (fallback !== undefined) {
          used.set(name, { name, value: fallback, fromDefault: true });
          return fallback;
        }
        missing.push(`${fieldPath(path)}: \${${name}} is not set and has no default`);
        return '';
      });
      return filled.replace(/\$\$\{/g, '${');
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
    return v;
  };
  const out = walk(value, at) as T;
  if (missing.length) throw new InterpolationError(file, missing);
  return { value: out, used: [...used.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}
