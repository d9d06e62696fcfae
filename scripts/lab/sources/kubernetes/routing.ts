import type { EntityInput, Json } from '../../../../src/schemas/lab.ts';
import { ids } from '../../identity.ts';
import { arr, obj, quantity, str, strMap, type K8sObject } from './objects.ts';
import { ns, sortedMap, uniqSorted } from './workloads.ts';

/** A Service: type, cluster IP, `port/proto→target` ports and selector. */
export function serviceEntity(svc: K8sObject, id: string, source: string): EntityInput {
  const spec = obj(svc['spec']);
  const ports = arr(spec['ports']).map((p) => {
    const target = str(p['targetPort']);
    return `${str(p['port'])}/${str(p['protocol']) || 'TCP'}${target && target !== str(p['port']) ? `→${target}` : ''}`;
  });
  const attributes: Record<string, Json> = {
    namespace: ns(svc),
    type: str(spec['type']) || 'ClusterIP',
    clusterIP: str(spec['clusterIP']) || null,
    ports: uniqSorted(ports),
    selector: sortedMap(strMap(spec['selector'])),
  };
  if (str(spec['externalName'])) attributes['externalName'] = str(spec['externalName']);
  return { id, kind: 'service', name: svc.metadata.name, sources: [source], aliases: [], attributes };
}

/** Whether a Service's (non-empty) selector matches a pod's labels in the same namespace. */
export function selects(svc: K8sObject, pod: K8sObject): boolean {
  const selector = strMap(obj(svc['spec'])['selector']);
  const keys = Object.keys(selector);
  if (keys.length === 0 || ns(svc) !== ns(pod)) return false;
  const labels = strMap(pod.metadata['labels']);
  return keys.every((k) => labels[k] === selector[k]);
}

export interface Backend { service: string; port: string }

/** Backends of one ingress rule: `networking.k8s.io/v1` (`service.name`/`port`) and the old `serviceName`/`servicePort`. */
function backend(b: Record<string, unknown>): Backend | undefined {
  const service = obj(b['service']);
  if (str(service['name'])) {
    const port = obj(service['port']);
    return { service: str(service['name']), port: str(port['number']) || str(port['name']) };
  }
  if (str(b['serviceName'])) return { service: str(b['serviceName']), port: str(b['servicePort']) };
  return undefined;
}

/** Host → backends of every ingress, rules without a host skipped (they have no name to route by). */
export function ingressRoutes(ingresses: K8sObject[]): Map<string, { namespaces: Set<string>; ingresses: Set<string>; backends: Array<Backend & { namespace: string }>; tls: boolean }> {
  const routes = new Map<string, { namespaces: Set<string>; ingresses: Set<string>; backends: Array<Backend & { namespace: string }>; tls: boolean }>();
  for (const ing of ingresses) {
    const spec = obj(ing['spec']);
    const tlsHosts = new Set(arr(spec['tls']).flatMap((t) => (Array.isArray(t['hosts']) ? t['hosts'].map(str) : [])));
    for (const rule of arr(spec['rules'])) {
      const host = str(rule['host']).toLowerCase();
      if (!host) continue;
      const route = routes.get(host) ?? { namespaces: new Set(), ingresses: new Set(), backends: [], tls: false };
      route.ingresses.add(`${ns(ing)}/${ing.metadata.name}`);
      route.tls ||= tlsHosts.has(host);
      for (const path of arr(obj(rule['http'])['paths'])) {
        const b = backend(obj(path['backend']));
        if (b) route.backends.push({ ...b, namespace: ns(ing) });
      }
      routes.set(host, route);
    }
  }
  return routes;
}

export function routeEntity(host: string, route: { ingresses: Set<string>; backends: Backend[]; tls: boolean }, source: string): EntityInput {
  return {
    id: ids.route(host),
    kind: 'route',
    name: host,
    sources: [source],
    aliases: [],
    attributes: {
      upstreams: uniqSorted(route.backends.map((b) => `service/${b.service}${b.port ? `:${b.port}` : ''}`)),
      ingresses: uniqSorted(route.ingresses),
      tls: route.tls,
    },
  };
}

/** A PVC: storage class, size (bound capacity, else the request) and phase. */
export function claimEntity(pvc: K8sObject, id: string, source: string): EntityInput {
  const spec = obj(pvc['spec']);
  const status = obj(pvc['status']);
  const size = strMap(status['capacity'])['storage'] ?? strMap(obj(spec['resources'])['requests'])['storage'] ?? '';
  return {
    id,
    kind: 'volume',
    name: pvc.metadata.name,
    sources: [source],
    aliases: [],
    attributes: {
      namespace: ns(pvc),
      storageClass: str(spec['storageClassName']) || null,
      sizeBytes: quantity(size) ?? null,
      phase: str(status['phase']) || null,
      accessModes: uniqSorted(Array.isArray(spec['accessModes']) ? spec['accessModes'].map(str) : []),
    },
  };
}
