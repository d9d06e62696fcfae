import type { Edge, EntityInput } from '../../../../src/schemas/lab.ts';
import type { Observation } from '../../collector.ts';
import { ids as labIds } from '../../identity.ts';
import { nodeEntity } from './nodes.ts';
import { arr, cmp, obj, str, type K8sList, type K8sObject } from './objects.ts';
import { claimEntity, ingressRoutes, routeEntity, selects, serviceEntity } from './routing.ts';
import { makeIds, ns, podEntity, podWorkload, uniqSorted, WORKLOAD_KINDS, workloadEntity } from './workloads.ts';

const byName = (a: K8sObject, b: K8sObject) => cmp(`${ns(a)}/${a.metadata.name}`, `${ns(b)}/${b.metadata.name}`);

/**
 * One cluster's objects as an observation: nodes (`host`, `member-of` the cluster's
 * `service:k8s/<cluster>`), pods (`container`, `runs-on` their node, `member-of` their workload,
 * `stores-on` their claims), workloads and Services (`service`, Services `routes-to` the pods they
 * select), ingress hosts (`route`, `routes-to` their Services) and claims (`volume`).
 */
export function parseObjects(list: K8sList, cluster: string, source: string): Observation {
  const id = makeIds(cluster);
  const of = (kind: string) => list.items.filter((i) => i.kind === kind).sort(byName);
  const evidence = (via: string) => [{ kind: 'observed' as const, source, via }];
  const entities: EntityInput[] = [];
  const edges: Edge[] = [];

  entities.push({
    id: id.cluster,
    kind: 'service',
    name: cluster,
    sources: [source],
    aliases: [],
    attributes: { platform: 'kubernetes', namespaces: uniqSorted(of('Namespace').map((n) => n.metadata.name)) },
  });
  const nodes = new Set<string>();
  for (const node of of('Node')) {
    const e = nodeEntity(node, source);
    nodes.add(node.metadata.name);
    entities.push(e);
    edges.push({ from: e.id, to: id.cluster, type: 'member-of', evidence: evidence('kubernetes node') });
  }

  const workloads = new Map<string, K8sObject>();
  for (const w of list.items.filter((i) => WORKLOAD_KINDS.has(i.kind)).sort(byName)) {
    workloads.set(`${ns(w)}/${w.kind}/${w.metadata.name}`, w);
    entities.push(workloadEntity(w, id.workload(ns(w), w.metadata.name), source));
  }

  const claims = new Set<string>();
  for (const pvc of of('PersistentVolumeClaim')) {
    const e = claimEntity(pvc, id.claim(ns(pvc), pvc.metadata.name), source);
    claims.add(e.id);
    entities.push(e);
  }

  const pods = of('Pod');
  for (const pod of pods) {
    const podId = id.pod(ns(pod), pod.metadata.name);
    const { owner, workload } = podWorkload(pod, workloads);
    entities.push(podEntity(pod, podId, owner, source));
    const spec = obj(pod['spec']);
    const node = str(spec['nodeName']);
    // A pending pod not yet scheduled has no node: no runs-on edge.
    if (node) edges.push({ from: podId, to: labIds.host(node), type: 'runs-on', evidence: evidence('pod spec.nodeName') });
    if (workload) edges.push({ from: podId, to: id.workload(ns(workload), workload.metadata.name), type: 'member-of', evidence: evidence('ownerReferences') });
    for (const v of arr(spec['volumes'])) {
      const claim = str(obj(v['persistentVolumeClaim'])['claimName']);
      const claimId = claim ? id.claim(ns(pod), claim) : '';
      if (claims.has(claimId)) edges.push({ from: podId, to: claimId, type: 'stores-on', evidence: evidence('pod volume claim') });
    }
  }

  const services = new Set<string>();
  for (const svc of of('Service')) {
    const svcId = id.svc(ns(svc), svc.metadata.name);
    services.add(svcId);
    entities.push(serviceEntity(svc, svcId, source));
    for (const pod of pods) {
      if (selects(svc, pod)) edges.push({ from: svcId, to: id.pod(ns(pod), pod.metadata.name), type: 'routes-to', evidence: evidence('service selector') });
    }
  }

  for (const [host, route] of [...ingressRoutes(of('Ingress'))].sort(([a], [b]) => cmp(a, b))) {
    const e = routeEntity(host, route, source);
    entities.push(e);
    for (const to of uniqSorted(route.backends.map((b) => id.svc(b.namespace, b.service)))) {
      if (services.has(to)) edges.push({ from: e.id, to, type: 'routes-to', evidence: evidence('ingress backend') });
    }
  }

  entities.sort((a, b) => cmp(a.id, b.id));
  edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.type, b.type));
  return { entities, edges };
}
