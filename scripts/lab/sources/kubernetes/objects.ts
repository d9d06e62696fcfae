import { z } from 'astro/zod';

/** The one raw file: the `kind: List` that `kubectl get <kinds> -o json` prints. */
export const OBJECTS = 'objects.json';

/** Any Kubernetes object: only `metadata.name` is required (typed lists such as `NodeList` omit items' `kind`). */
const ObjectSchema = z.object({
  kind: z.string().min(1).optional(),
  metadata: z.object({ name: z.string().min(1) }).loose(),
}).loose();

/**
 * `kind: List` (kubectl) or `<Kind>List` (client-go, e.g. the recorded `NodeList`), with `items`.
 * `kind` is what tells a list from a single object, a `Status` error or any other JSON.
 */
const ListSchema = z.object({
  kind: z.string().regex(/^([A-Z][A-Za-z0-9]*)?List$/, 'expected `List`'),
  items: z.array(ObjectSchema).nullable().default([]),
}).loose();

export type K8sObject = Record<string, unknown> & { kind: string; metadata: { name: string } & Record<string, unknown> };
export type K8sList = Record<string, unknown> & { kind: string; items: K8sObject[] };

/** The list, or an Error message (without the source prefix) saying what the text is instead. */
export function readList(text: string, what: string): K8sList | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const html = /^\s*</.test(text) ? ' (it looks like an HTML page: a login or proxy page in front of the API server?)' : '';
    return `${what} is not JSON${html}: ${(error as Error).message}. Output began: ${JSON.stringify(text.slice(0, 80))}`;
  }
  const parsed = ListSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const kind = json && typeof json === 'object' && 'kind' in json ? ` (kind ${JSON.stringify((json as { kind: unknown }).kind)})` : '';
    return `${what} is not a \`kubectl get … -o json\` list${kind} (${issue.path.join('.') || 'document'}: ${issue.message}); check that \`kubectl\` there is the Kubernetes CLI.`;
  }
  // A typed list (`NodeList`, as client-go marshals it) names the kind once, on the list.
  const listKind = parsed.data.kind.replace(/List$/, '');
  // The original objects, not zod's output (which reorders keys): sanitize must be idempotent byte for byte.
  const original = (json as { items?: Record<string, unknown>[] | null }).items ?? [];
  const items = original.map((i) => (typeof i['kind'] === 'string' && i['kind'] ? i : { kind: listKind, ...i }));
  const missing = items.findIndex((i) => !i.kind);
  if (missing >= 0) return `${what} is not a \`kubectl get … -o json\` list (items.${missing}.kind: missing); check that \`kubectl\` there is the Kubernetes CLI.`;
  return { ...(json as Record<string, unknown>), kind: parsed.data.kind, items: items as K8sObject[] };
}

// Small typed readers for untyped JSON: a missing or mistyped field reads as empty, never throws.
export function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
export function arr(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(obj) : [];
}
export function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
export function strMap(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(v)).filter(([, x]) => typeof x === 'string')) as Record<string, string>;
}

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes resource quantity (`8`, `250m`, `30873004Ki`, `1.5Gi`, `1e3`) as a number, or undefined. */
export function quantity(text: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]) * SUFFIX[m[2] ?? '']!;
  return Number.isFinite(value) ? value : undefined;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
