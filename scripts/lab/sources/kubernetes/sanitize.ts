import { redactLabels } from '../../redact.ts';
import { arr, obj, type K8sObject } from './objects.ts';

/** Kinds never kept, even if a kubectl plugin or a misconfigured alias returns them. */
const NEVER = new Set(['Secret', 'ConfigMap', 'ServiceAccount', 'Token', 'TokenReview', 'CertificateSigningRequest']);

/** Fields of a container kept: what parse reads. Not command/args (they may hold passwords), not probes. */
const CONTAINER_KEEP = ['name', 'image', 'ports', 'volumeMounts'] as const;

/** A container with only the kept fields; env keeps names (and references, never values). */
function container(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CONTAINER_KEEP) if (c[k] !== undefined) out[k] = c[k];
  if (Array.isArray(c['env'])) out['env'] = arr(c['env']).map((e) => ({ name: e['name'] }));
  return out;
}

/** A pod spec (of a Pod, or a workload's template) with env values and container commands dropped. */
function podSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const out = { ...spec };
  for (const k of ['containers', 'initContainers', 'ephemeralContainers']) {
    if (Array.isArray(out[k])) out[k] = arr(out[k]).map(container);
  }
  return out;
}

function metadata(meta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...meta };
  delete out['managedFields'];
  if (meta['annotations'] !== undefined) {
    const annotations = { ...obj(meta['annotations']) } as Record<string, string>;
    // Holds the whole applied manifest, env values included.
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    out['annotations'] = redactLabels(annotations);
  }
  if (meta['labels'] !== undefined) out['labels'] = redactLabels(obj(meta['labels']) as Record<string, string>);
  return out;
}

/** Selectors go through the same redaction as labels, so that matching still works on the sanitized raw. */
function selector(v: unknown): unknown {
  const s = obj(v);
  if (s['matchLabels'] !== undefined) return { ...s, matchLabels: redactLabels(obj(s['matchLabels']) as Record<string, string>) };
  return v;
}

/** One object with secrets removed; undefined for kinds never kept. */
export function sanitizeObject(item: K8sObject): K8sObject | undefined {
  if (NEVER.has(item.kind)) return undefined;
  const out: Record<string, unknown> = { ...item, metadata: metadata(item.metadata) };
  const spec = obj(item['spec']);
  if (item['spec'] !== undefined) {
    const s: Record<string, unknown> = { ...spec };
    if (item.kind === 'Pod') Object.assign(s, podSpec(spec));
    if (spec['template'] !== undefined) {
      const t = obj(spec['template']);
      s['template'] = { ...t, metadata: metadata(obj(t['metadata'])), spec: podSpec(obj(t['spec'])) };
    }
    if (spec['selector'] !== undefined) {
      s['selector'] = item.kind === 'Service' ? redactLabels(obj(spec['selector']) as Record<string, string>) : selector(spec['selector']);
    }
    out['spec'] = s;
  }
  // Not redactDeep on the whole object: image digests (`@sha256:<hex>`) look like credentials to it.
  return out as K8sObject;
}

export function sanitizeList(list: Record<string, unknown> & { items: K8sObject[] }): string {
  const items = list.items.map(sanitizeObject).filter((i): i is K8sObject => i !== undefined);
  return `${JSON.stringify({ ...list, items }, null, 2)}\n`;
}
