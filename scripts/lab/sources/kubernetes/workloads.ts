import type { EntityInput, Json } from '../../../../src/schemas/lab.ts';
import { arr, cmp, num, obj, str, strMap, type K8sObject } from './objects.ts';

/** Id segment: anything but whitespace (Kubernetes names never have any, but a hand-made recording might). */
export const seg = (s: string) => s.trim().replace(/\s+/g, '-');
export const ns = (o: K8sObject) => str(o.metadata['namespace']) || 'default';
export const uniqSorted = (xs: Iterable<string>) => [...new Set([...xs].filter(Boolean))].sort(cmp);

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

export interface Ids {
  cluster: string;
  workload(namespace: string, name: string): string;
  pod(namespace: string, name: string): string;
  svc(namespace: string, name: string): string;
  claim(namespace: string, name: string): string;
}

export function makeIds(cluster: string): Ids {
  const c = seg(cluster);
  return {
    cluster: `service:k8s/${c}`,
    workload: (n, name) => `service:${c}/${seg(n)}/${seg(name)}`,
    pod: (n, name) => `container:${c}/${seg(n)}/${seg(name)}`,
    svc: (n, name) => `service:${c}/${seg(n)}/service/${seg(name)}`,
    claim: (n, name) => `volume:${c}/${seg(n)}/${seg(name)}`,
  };
}

/** Images of the (non-init) containers of a pod spec, sorted and unique. */
export function images(spec: Record<string, unknown>): string[] {
  return uniqSorted(arr(spec['containers']).map((c) => str(c['image'])));
}

/** `Kind/name` of the controlling owner (`ownerReferences[].controller`, else the first), or undefined. */
export function controller(o: K8sObject): { kind: string; name: string } | undefined {
  const refs = arr(o.metadata['ownerReferences']);
  const ref = refs.find((r) => r['controller'] === true) ?? refs[0];
  return ref && str(ref['kind']) && str(ref['name']) ? { kind: str(ref['kind']), name: str(ref['name']) } : undefined;
}

/**
 * The workload a pod belongs to. ReplicaSets are not fetched: a ReplicaSet `<deployment>-<hash>`
 * belongs to the Deployment whose name plus the pod's `pod-template-hash` label gives the
 * ReplicaSet's name; failing that, to the longest Deployment name that prefixes it.
 */
export function podWorkload(pod: K8sObject, workloads: Map<string, K8sObject>): { owner: string | undefined; workload: K8sObject | undefined } {
  const ref = controller(pod);
  if (!ref) return { owner: undefined, workload: undefined };
  const n = ns(pod);
  const owner = `${ref.kind}/${ref.name}`;
  if (WORKLOAD_KINDS.has(ref.kind)) return { owner, workload: workloads.get(`${n}/${ref.kind}/${ref.name}`) };
  if (ref.kind !== 'ReplicaSet') return { owner, workload: undefined };
  const hash = strMap(pod.metadata['labels'])['pod-template-hash'];
  const deployments = [...workloads.values()].filter((w) => w.kind === 'Deployment' && ns(w) === n);
  const exact = hash ? deployments.find((d) => `${d.metadata.name}-${hash}` === ref.name) : undefined;
  const prefix = deployments
    .filter((d) => ref.name.startsWith(`${d.metadata.name}-`) && /^[a-z0-9]+$/.test(ref.name.slice(d.metadata.name.length + 1)))
    .sort((a, b) => b.metadata.name.length - a.metadata.name.length)[0];
  const workload = exact ?? prefix;
  return { owner: workload ? `Deployment/${workload.metadata.name}` : owner, workload };
}

/** Desired vs ready, from spec and status (counts themselves are not kept: they change with every rollout). */
function workloadStatus(w: K8sObject): EntityInput['status'] {
  const spec = obj(w['spec']);
  const status = obj(w['status']);
  const desired = w.kind === 'DaemonSet' ? num(status['desiredNumberScheduled']) ?? 0 : num(spec['replicas']) ?? 1;
  const ready = (w.kind === 'DaemonSet' ? num(status['numberReady']) : num(status['readyReplicas'])) ?? 0;
  if (desired === 0) return 'stopped';
  return ready >= desired ? 'healthy' : 'unhealthy';
}

export function workloadEntity(w: K8sObject, id: string, source: string): EntityInput {
  const spec = obj(w['spec']);
  const attributes: Record<string, Json> = {
    namespace: ns(w),
    workload: w.kind,
    images: images(obj(obj(spec['template'])['spec'])),
    selector: sortedMap(strMap(obj(spec['selector'])['matchLabels'])),
  };
  if (w.kind !== 'DaemonSet') attributes['replicas'] = num(spec['replicas']) ?? 1;
  return { id, kind: 'service', name: w.metadata.name, status: workloadStatus(w), sources: [source], aliases: [], attributes };
}

export function sortedMap(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => cmp(a, b)));
}

const PHASE: Record<string, EntityInput['status']> = { Running: 'running', Pending: 'starting', Succeeded: 'exited', Failed: 'dead' };

export function podEntity(pod: K8sObject, id: string, owner: string | undefined, source: string): EntityInput {
  const spec = obj(pod['spec']);
  const status = obj(pod['status']);
  const ports = arr(spec['containers']).flatMap((c) => arr(c['ports']).map((p) => `${str(p['containerPort'])}/${str(p['protocol']) || 'TCP'}`));
  const ips = arr(status['podIPs']).map((p) => str(p['ip']));
  if (ips.length === 0 && str(status['podIP'])) ips.push(str(status['podIP']));
  return {
    id,
    kind: 'container',
    name: pod.metadata.name,
    status: PHASE[str(status['phase'])] ?? 'unknown',
    sources: [source],
    aliases: [],
    attributes: {
      namespace: ns(pod),
      node: str(spec['nodeName']) || null,
      images: images(spec),
      owner: owner ?? null,
      restartPolicy: str(spec['restartPolicy']) || null,
      ports: uniqSorted(ports),
      ips: uniqSorted(ips),
    },
  };
}
