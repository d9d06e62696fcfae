import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeObservation } from '../normalize.ts';
import { standIn, type StandIn } from '../testing/stand-in.ts';
import { testFetchContext } from '../testing/server-process.ts';
import { kubernetesCollector, KubernetesConfigSchema, type KubernetesConfig } from './kubernetes.ts';
import { quantity } from './kubernetes/objects.ts';

const here = import.meta.dirname;
const recorded = path.join(here, '__recorded__/kubernetes');
const config = (over: Partial<KubernetesConfig> = {}): KubernetesConfig => KubernetesConfigSchema.parse({ name: 'k8s', type: 'kubernetes', ...over });
const readCase = (name: string) => ({ 'objects.json': readFileSync(path.join(recorded, name, 'objects.json'), 'utf8') });
const observe = (raw: Record<string, string>, cfg = config()) => normalizeObservation(kubernetesCollector.parse(raw, cfg), cfg.name);
const pairs = (edges: { from: string; to: string; type: string }[], type: string) => edges.filter((e) => e.type === type).map((e) => [e.from, e.to]);

const CANARY = 'CANARY-s3cr3t-9f8e7d';
const meta = (name: string, namespace: string | undefined, over: Record<string, unknown> = {}) => ({
  name, ...(namespace ? { namespace } : {}), uid: `uid-${name}`, resourceVersion: '12345', creationTimestamp: '2025-01-01T00:00:00Z',
  managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:metadata': {} } }], ...over,
});
const container = (name: string, image: string, over: Record<string, unknown> = {}) => ({ name, image, imagePullPolicy: 'IfNotPresent', ...over });
const pod = (name: string, over: { meta?: Record<string, unknown>; spec?: Record<string, unknown>; status?: Record<string, unknown> }) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: meta(name, 'app', over.meta),
  spec: { restartPolicy: 'Always', containers: [container('main', 'nginx:1.27')], ...over.spec },
  status: { phase: 'Running', containerStatuses: [{ name: 'main', restartCount: 7, ready: true }], ...over.status },
});
const owner = (kind: string, name: string) => ({ ownerReferences: [{ apiVersion: 'apps/v1', kind, name, controller: true, uid: 'x' }] });

/**
 * Constructed (not recorded) in the shape of `kubectl get … -o json` on a 1.30 cluster: the cases the
 * real recordings lack — pods owned through a ReplicaSet, a StatefulSet with a claim, a DaemonSet, a
 * pending unscheduled pod, IPv6 pod IPs, a NotReady node, an old-style ingress, a Service without
 * selector, an empty namespace list, a Secret that must never be kept, and secret canaries.
 */
const LIST = {
  apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' },
  items: [
    { apiVersion: 'v1', kind: 'Node', metadata: meta('cp-1', undefined, { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'cp-1' } }),
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.10' }, { type: 'InternalIP', address: 'fd00::10' }, { type: 'Hostname', address: 'cp-1' }],
        conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:00Z' }],
        capacity: { cpu: '4', memory: '8Gi', pods: '110' }, nodeInfo: { kubeletVersion: 'v1.30.2', osImage: 'Talos (v1.7.5)', kernelVersion: '6.6.33-talos', architecture: 'arm64' } } },
    { apiVersion: 'v1', kind: 'Node', metadata: meta('worker-1', undefined, { labels: { 'kubernetes.io/role': 'worker' } }),
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.11' }], conditions: [{ type: 'Ready', status: 'False' }], capacity: { cpu: '2500m', memory: '4000000Ki' }, nodeInfo: { kubeletVersion: 'v1.30.2' } } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', 'app', { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"env":[{"name":"DB_PASSWORD","value":"${CANARY}"}]}` } }),
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container('web', 'nginx:1.27', { env: [{ name: 'DB_PASSWORD', value: CANARY }] })] } } },
      status: { replicas: 2, readyReplicas: 1 } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web-api', 'app'), spec: { replicas: 0, selector: { matchLabels: { app: 'api' } }, template: { spec: { containers: [container('api', 'api:2')] } } }, status: {} },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db', 'app'), spec: { replicas: 1, selector: { matchLabels: { app: 'db' } }, template: { spec: { containers: [container('pg', 'postgres:16')] } } }, status: { readyReplicas: 1 } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('agent', 'kube-system'), spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { containers: [container('agent', 'agent:1')] } } }, status: { desiredNumberScheduled: 2, numberReady: 2 } },
    pod('web-5d8f7c9b4-abcde', { meta: { labels: { app: 'web', 'pod-template-hash': '5d8f7c9b4' }, annotations: { 'vault.example.com/token': CANARY, 'prometheus.io/port': '9102' }, ...owner('ReplicaSet', 'web-5d8f7c9b4') },
      spec: { nodeName: 'worker-1', containers: [container('web', 'nginx:1.27', { ports: [{ containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'DB_PASSWORD', value: CANARY }, { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }], args: [`--token=${CANARY}`] })] },
      status: { podIP: 'fd00:10:244::5', podIPs: [{ ip: 'fd00:10:244::5' }, { ip: '10.244.1.5' }] } }),
    pod('web-5d8f7c9b4-fghij', { meta: { labels: { app: 'web', 'pod-template-hash': '5d8f7c9b4' }, ...owner('ReplicaSet', 'web-5d8f7c9b4') }, spec: {}, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } }),
    pod('db-0', { meta: { labels: { app: 'db' }, ...owner('StatefulSet', 'db') }, spec: { nodeName: 'cp-1', containers: [container('pg', 'postgres:16')], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }, { name: 'gone', persistentVolumeClaim: { claimName: 'missing' } }] }, status: { podIPs: [{ ip: '10.244.0.9' }] } }),
    { ...pod('agent-x1', { meta: { labels: { app: 'agent' }, ...owner('DaemonSet', 'agent') }, spec: { nodeName: 'cp-1', containers: [container('agent', 'agent:1')] }, status: { phase: 'Failed' } }), metadata: meta('agent-x1', 'kube-system', { labels: { app: 'agent' }, ...owner('DaemonSet', 'agent') }) },
    pod('migrate-q7x', { meta: owner('Job', 'migrate'), spec: { nodeName: 'cp-1', restartPolicy: 'Never' }, status: { phase: 'Succeeded' } }),
    { apiVersion: 'v1', kind: 'Service', metadata: meta('web', 'app'), spec: { type: 'ClusterIP', clusterIP: '10.96.0.20', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('legacy', 'app'), spec: { type: 'ExternalName', externalName: 'db.example.org' } },
    { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: meta('old', 'app'), spec: { rules: [{ host: 'Web.Lab.Example', http: { paths: [{ path: '/', backend: { serviceName: 'web', servicePort: 80 } }] } }, { http: { paths: [{ backend: { serviceName: 'web', servicePort: 80 } }] } }] } },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data-db-0', 'app'), spec: { storageClassName: 'local-path', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } }, status: { phase: 'Bound', capacity: { storage: '10Gi' } } },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('scratch', 'app'), spec: { resources: { requests: { storage: '500M' } } }, status: { phase: 'Pending' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('db', 'app'), data: { password: Buffer.from(CANARY).toString('base64') }, stringData: { password: CANARY } },
  ],
};
const MIXED = { 'objects.json': JSON.stringify(LIST) };

describe('kubernetes parse of recorded real output', () => {
  it('kuard on minikube: one pod owned by a ReplicaSet with no Deployment, runs-on the minikube node', () => {
    const { entities, edges } = observe(readCase('kuard-minikube-pods'), config({ context: 'minikube' }));
    expect(entities.map((e) => [e.id, e.status])).toEqual([['container:minikube/default/queue-l4dv8', 'running'], ['service:k8s/minikube', undefined]]);
    expect(entities[0]!.attributes).toEqual({ namespace: 'default', node: 'minikube', images: ['gcr.io/kuar-demo/kuard-amd64:1'], owner: 'ReplicaSet/queue', restartPolicy: 'Always', ports: [], ips: ['172.17.0.6'] });
    expect(pairs(edges, 'runs-on')).toEqual([['container:minikube/default/queue-l4dv8', 'host:minikube']]);
    expect(edges.filter((e) => e.type !== 'runs-on')).toEqual([]);
  });

  it('troubleshoot NodeList: 7 hosts member-of the cluster, redacted addresses not kept, roles and capacity', () => {
    const { entities, edges } = observe(readCase('troubleshoot-7-nodes'), config({ cluster: 'prod' }));
    expect(entities.map((e) => e.id)).toEqual([
      'host:biggernode-3i745', 'host:ip-172-31-21-92', 'host:pool-yd23sqk7u-3i7i7', 'host:pool-yd23sqk7u-3i7it', 'host:pool-yd23sqk7u-3i7v3', 'host:repldev-marc', 'host:smallnode-3i74t', 'service:k8s/prod',
    ]);
    expect(entities.every((e) => e.kind !== 'host' || e.status === 'up')).toBe(true);
    const cp = entities.find((e) => e.id === 'host:ip-172-31-21-92')!;
    expect(cp.aliases).toEqual(['172.31.21.92', 'ip-172-31-21-92']);
    expect(cp.attributes).toMatchObject({ kubeletVersion: 'v1.29.11', roles: ['control-plane', 'master'], capacity: { cpu: 1, memoryBytes: 16167160 * 1024 } });
    expect(entities.find((e) => e.id === 'host:biggernode-3i745')!.aliases).toEqual(['biggernode-3i745']);
    expect(JSON.stringify(entities)).not.toMatch(/HIDDEN|lastHeartbeat|resourceVersion/);
    expect(pairs(edges, 'member-of')).toHaveLength(7);
    expect(edges.every((e) => e.to === 'service:k8s/prod')).toBe(true);
  });

  it('connectedcars (assembled real responses): deployment, service, two ingresses, namespaces', () => {
    const { entities, edges } = observe(readCase('connectedcars-assembled'), config({ context: 'gke_cc_europe-west1_prod', cluster: 'gke' }));
    expect(entities.map((e) => [e.id, e.status])).toEqual([
      ['route:api.connectedcars.io', undefined], ['route:connectedcars.io', undefined], ['route:www.connectedcars.io', undefined],
      ['service:gke/default/service/website', undefined], ['service:gke/default/website', 'healthy'], ['service:k8s/gke', undefined],
    ]);
    expect(entities.find((e) => e.id === 'route:connectedcars.io')!.attributes).toEqual({ upstreams: ['service/website:http'], ingresses: ['default/website'], tls: true });
    expect(entities.find((e) => e.id === 'service:gke/default/service/website')!.attributes).toEqual({ namespace: 'default', type: 'ClusterIP', clusterIP: '10.0.0.2', ports: ['80/TCP→listen-port'], selector: { app: 'website' } });
    expect(entities.find((e) => e.id === 'service:k8s/gke')!.attributes).toEqual({ platform: 'kubernetes', namespaces: ['default', 'ingress-nginx', 'kube-public', 'kube-system'] });
    // The `api` Service is not in the list: no edge to an entity nobody observed.
    expect(pairs(edges, 'routes-to')).toEqual([['route:connectedcars.io', 'service:gke/default/service/website'], ['route:www.connectedcars.io', 'service:gke/default/service/website']]);
  });

  it('recordings hold no managedFields and no last-applied-configuration', () => {
    for (const name of ['kuard-minikube-pods', 'troubleshoot-7-nodes', 'connectedcars-assembled']) {
      const text = readCase(name)['objects.json'];
      expect(text).not.toMatch(/managedFields|last-applied-configuration/);
      expect(kubernetesCollector.sanitize!(readCase(name), config())).toEqual(readCase(name));
    }
  });
});

describe('kubernetes parse', () => {
  const { entities, edges } = observe(MIXED, config({ cluster: 'lab' }));
  const entity = (id: string) => entities.find((e) => e.id === id)!;

  it('entities, statuses and ids', () => {
    expect(entities.map((e) => [e.id, e.status])).toEqual([
      ['container:lab/app/db-0', 'running'], ['container:lab/app/migrate-q7x', 'exited'], ['container:lab/app/web-5d8f7c9b4-abcde', 'running'],
      ['container:lab/app/web-5d8f7c9b4-fghij', 'starting'], ['container:lab/kube-system/agent-x1', 'dead'],
      ['host:cp-1', 'up'], ['host:worker-1', 'down'], ['route:web.lab.example', undefined],
      ['service:k8s/lab', undefined], ['service:lab/app/db', 'healthy'], ['service:lab/app/service/legacy', undefined], ['service:lab/app/service/web', undefined],
      ['service:lab/app/web', 'unhealthy'], ['service:lab/app/web-api', 'stopped'], ['service:lab/kube-system/agent', 'healthy'],
      ['volume:lab/app/data-db-0', undefined], ['volume:lab/app/scratch', undefined],
    ]);
    expect(entity('host:cp-1')).toMatchObject({ aliases: ['10.0.0.10', 'cp-1', 'fd00::10'], attributes: { kubeletVersion: 'v1.30.2', osImage: 'Talos (v1.7.5)', kernelVersion: '6.6.33-talos', architecture: 'arm64', roles: ['control-plane'], capacity: { cpu: 4, memoryBytes: 8 * 2 ** 30 } } });
    expect(entity('host:worker-1').attributes).toMatchObject({ roles: ['worker'], capacity: { cpu: 2.5, memoryBytes: 4_096_000_000 }, osImage: null });
    expect(entity('container:lab/app/web-5d8f7c9b4-abcde').attributes).toEqual({ namespace: 'app', node: 'worker-1', images: ['nginx:1.27'], owner: 'Deployment/web', restartPolicy: 'Always', ports: ['8080/TCP'], ips: ['10.244.1.5', 'fd00:10:244::5'] });
    expect(entity('container:lab/app/web-5d8f7c9b4-fghij').attributes).toMatchObject({ node: null, ips: [] });
    expect(entity('container:lab/app/migrate-q7x').attributes).toMatchObject({ owner: 'Job/migrate', restartPolicy: 'Never' });
    expect(entity('service:lab/app/web').attributes).toEqual({ namespace: 'app', workload: 'Deployment', images: ['nginx:1.27'], selector: { app: 'web' }, replicas: 2 });
    expect(entity('service:lab/kube-system/agent').attributes).toEqual({ namespace: 'kube-system', workload: 'DaemonSet', images: ['agent:1'], selector: { app: 'agent' } });
    expect(entity('service:lab/app/service/legacy').attributes).toMatchObject({ type: 'ExternalName', externalName: 'db.example.org', selector: {} });
    expect(entity('route:web.lab.example').attributes).toEqual({ upstreams: ['service/web:80'], ingresses: ['app/old'], tls: false });
    expect(entity('volume:lab/app/data-db-0').attributes).toEqual({ namespace: 'app', storageClass: 'local-path', sizeBytes: 10 * 2 ** 30, phase: 'Bound', accessModes: ['ReadWriteOnce'] });
    expect(entity('volume:lab/app/scratch').attributes).toEqual({ namespace: 'app', storageClass: null, sizeBytes: 500e6, phase: 'Pending', accessModes: [] });
    expect(entity('service:k8s/lab').attributes).toEqual({ platform: 'kubernetes', namespaces: [] });
  });

  it('edges: runs-on (not for the unscheduled pod), member-of via owners, routes-to via selectors and ingresses, stores-on claims', () => {
    expect(pairs(edges, 'runs-on')).toEqual([
      ['container:lab/app/db-0', 'host:cp-1'], ['container:lab/app/migrate-q7x', 'host:cp-1'], ['container:lab/app/web-5d8f7c9b4-abcde', 'host:worker-1'], ['container:lab/kube-system/agent-x1', 'host:cp-1'],
    ]);
    expect(pairs(edges, 'member-of')).toEqual([
      ['container:lab/app/db-0', 'service:lab/app/db'], ['container:lab/app/web-5d8f7c9b4-abcde', 'service:lab/app/web'], ['container:lab/app/web-5d8f7c9b4-fghij', 'service:lab/app/web'],
      ['container:lab/kube-system/agent-x1', 'service:lab/kube-system/agent'], ['host:cp-1', 'service:k8s/lab'], ['host:worker-1', 'service:k8s/lab'],
    ]);
    expect(pairs(edges, 'routes-to')).toEqual([
      ['route:web.lab.example', 'service:lab/app/service/web'], ['service:lab/app/service/web', 'container:lab/app/web-5d8f7c9b4-abcde'], ['service:lab/app/service/web', 'container:lab/app/web-5d8f7c9b4-fghij'],
    ]);
    expect(pairs(edges, 'stores-on')).toEqual([['container:lab/app/db-0', 'volume:lab/app/data-db-0']]);
  });

  it('no volatile fields, no secret values, the same observation from the sanitized raw', () => {
    const text = JSON.stringify(entities);
    expect(text).not.toMatch(/restartCount|resourceVersion|lastHeartbeat|2025-01-01|uid-/);
    expect(text).not.toContain(CANARY);
    const sanitized = kubernetesCollector.sanitize!(MIXED, config({ cluster: 'lab' }));
    const raw = sanitized['objects.json']!;
    expect(raw).not.toContain(CANARY);
    expect(raw).not.toContain(Buffer.from(CANARY).toString('base64'));
    expect(raw).not.toMatch(/managedFields|last-applied-configuration|"kind": "Secret"/);
    expect(raw).toContain('"vault.example.com/token": "[redacted]"');
    expect(raw).toContain('"prometheus.io/port": "9102"');
    expect(raw).toMatch(/"name": "DB_PASSWORD"\s*\}/);
    expect(observe(sanitized, config({ cluster: 'lab' }))).toEqual({ entities, edges });
    expect(kubernetesCollector.sanitize!(sanitized, config())).toEqual(sanitized);
  });

  it('an empty list gives only the cluster; unreadable raw names the source', () => {
    expect(observe({ 'objects.json': '{"apiVersion":"v1","kind":"List","items":[]}' }).entities.map((e) => e.id)).toEqual(['service:k8s/k8s']);
    expect(() => kubernetesCollector.parse({}, config())).toThrow(/^kubernetes source k8s: raw output has no objects\.json/);
    expect(() => kubernetesCollector.parse({ 'objects.json': '{"kind":"Pod","metadata":{"name":"x"}}' }, config())).toThrow(/^kubernetes source k8s: objects\.json is not a `kubectl get … -o json` list \(kind "Pod"\)/);
  });

  it('quantities', () => {
    expect([quantity('8'), quantity('250m'), quantity('1.5Gi'), quantity('1e3'), quantity('200M'), quantity('x')]).toEqual([8, 0.25, 1.5 * 2 ** 30, 1000, 200e6, undefined]);
  });
});

describe('kubernetes config', () => {
  it('rejects option-looking context and kubeconfig', () => {
    expect(KubernetesConfigSchema.safeParse({ name: 'k', type: 'kubernetes', context: '--token=x' }).success).toBe(false);
    expect(KubernetesConfigSchema.safeParse({ name: 'k', type: 'kubernetes', kubeconfig: '-x' }).success).toBe(false);
  });
});

describe('kubernetes fetch (stand-in kubectl)', () => {
  let fake: StandIn | undefined;
  afterEach(() => fake?.remove());
  const fetchWith = (s: StandIn, cfg = config()) => kubernetesCollector.fetch(cfg, testFetchContext('k8s', s.env));
  const GET = ['get', 'nodes,namespaces,pods,deployments,statefulsets,daemonsets,services,ingresses,persistentvolumeclaims', '--all-namespaces', '-o', 'json'];

  it('one `kubectl get` of every kind, --context and --kubeconfig when set, never secrets; keeps the sanitized list', async () => {
    fake = standIn('kubectl', { expectArgs: [...GET, '--context', 'homelab', '--kubeconfig', '/etc/k8s/lab.yaml'], stdout: JSON.stringify(LIST) });
    const raw = await fetchWith(fake, config({ context: 'homelab', kubeconfig: '/etc/k8s/lab.yaml' }));
    expect(fake.calls()).toHaveLength(1);
    expect(fake.calls()[0]!.join(' ')).not.toMatch(/secret/i);
    expect(Object.keys(raw)).toEqual(['objects.json']);
    expect(raw['objects.json']).not.toContain(CANARY);
    expect(raw).toEqual(kubernetesCollector.sanitize!(MIXED, config()));
  });

  it('without context: the current context', async () => {
    const text = readCase('kuard-minikube-pods')['objects.json'];
    fake = standIn('kubectl', { expectArgs: GET, stdout: text });
    expect(await fetchWith(fake)).toEqual({ 'objects.json': text });
  });

  it('unknown context, unreachable server: one line naming the source and what to check', async () => {
    fake = standIn('kubectl', { stderr: 'error: context "x" does not exist\n', exitCode: 1 });
    let error = (await fetchWith(fake, config({ context: 'x' })).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^kubernetes source k8s: context "x" does not exist in the kubeconfig: check `context` in content\/lab\/sources.yaml against `kubectl config get-contexts`\. \(error: context "x" does not exist\)$/);
    fake.remove();
    fake = standIn('kubectl', { stderr: 'E0101 12:00:00.000000   1 memcache.go:265] couldn\'t get current server API group list: dial tcp 127.0.0.1:6443: connect: connection refused\nThe connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\nUnable to connect to the server: dial tcp 127.0.0.1:6443: connect: connection refused\n', exitCode: 1 });
    error = (await fetchWith(fake).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^kubernetes source k8s: cannot reach the API server of the current context: check that the cluster is up/);
    expect(error.message).not.toContain('\n');
  });

  it('truncated JSON, an HTML page, a document that is not a List', async () => {
    fake = standIn('kubectl', { stdout: JSON.stringify(LIST).slice(0, 200) });
    await expect(fetchWith(fake)).rejects.toThrow(/^kubernetes source k8s: the output of `kubectl get` on the current context is not JSON: /);
    fake.remove();
    fake = standIn('kubectl', { stdout: '<!DOCTYPE html><html><title>Sign in</title></html>' });
    await expect(fetchWith(fake)).rejects.toThrow(/is not JSON \(it looks like an HTML page/);
    fake.remove();
    fake = standIn('kubectl', { stdout: JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'forbidden' }) });
    await expect(fetchWith(fake)).rejects.toThrow(/^kubernetes source k8s: the output of `kubectl get` on the current context is not a `kubectl get … -o json` list \(kind "Status"\)/);
  });

  it('a hung kubectl times out', async () => {
    fake = standIn('kubectl', { sleepSeconds: 5 });
    await expect(fetchWith(fake, config({ timeoutMs: 300 }))).rejects.toThrow(/^kubernetes source k8s: `kubectl get …` on the current context timed out/);
  });
});
