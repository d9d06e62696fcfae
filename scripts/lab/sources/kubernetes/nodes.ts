import type { EntityInput } from '../../../../src/schemas/lab.ts';
import { ids } from '../../identity.ts';
import { arr, obj, quantity, str, strMap, type K8sObject } from './objects.ts';
import { uniqSorted } from './workloads.ts';

const ADDRESS_TYPES = new Set(['InternalIP', 'ExternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS']);

/** Roles from `node-role.kubernetes.io/<role>` labels (and the older `kubernetes.io/role`). */
function roles(labels: Record<string, string>): string[] {
  const out = Object.keys(labels).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length));
  if (labels['kubernetes.io/role']) out.push(labels['kubernetes.io/role']);
  return uniqSorted(out);
}

function ready(node: K8sObject): EntityInput['status'] {
  const condition = arr(obj(node['status'])['conditions']).find((c) => c['type'] === 'Ready');
  if (!condition) return 'unknown';
  return condition['status'] === 'True' ? 'up' : condition['status'] === 'False' ? 'down' : 'unknown';
}

/** A node as a `host`: its addresses are aliases (merge keys with linux-host, tailscale…); redacted ones (`***HIDDEN***`) are not. */
export function nodeEntity(node: K8sObject, source: string): EntityInput {
  const status = obj(node['status']);
  const info = obj(status['nodeInfo']);
  const capacity = strMap(status['capacity']);
  const addresses = arr(status['addresses'])
    .filter((a) => ADDRESS_TYPES.has(str(a['type'])))
    .map((a) => str(a['address']))
    .filter((a) => /^[A-Za-z0-9.:_-]+$/.test(a));
  return {
    id: ids.host(node.metadata.name),
    kind: 'host',
    name: node.metadata.name,
    status: ready(node),
    sources: [source],
    aliases: uniqSorted(addresses),
    attributes: {
      kubeletVersion: str(info['kubeletVersion']) || null,
      osImage: str(info['osImage']) || null,
      kernelVersion: str(info['kernelVersion']) || null,
      architecture: str(info['architecture']) || null,
      roles: roles(strMap(node.metadata['labels'])),
      capacity: {
        cpu: quantity(capacity['cpu'] ?? '') ?? null,
        memoryBytes: quantity(capacity['memory'] ?? '') ?? null,
      },
    },
  };
}
