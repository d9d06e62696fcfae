import { describe, expect, it } from 'vitest';
import type { Edge, EntityInput, SourceSnapshot } from '../../schemas/lab.ts';
import { EntitySchema } from '../../schemas/lab.ts';
import { mergeGraph } from './merge-graph.ts';

const snap = (name: string, type: string, entities: EntityInput[], edges: Edge[] = []): SourceSnapshot => ({
  schemaVersion: 1,
  generatedBy: 'test',
  source: { name, type },
  entities: entities.map((e) => EntitySchema.parse(e)),
  edges,
});
const seen = (source: string, via?: string) => [{ kind: 'observed' as const, source, ...(via ? { via } : {}) }];

const host = snap('lab1', 'linux-host', [
  { id: 'host:lab1', kind: 'host', name: 'lab1', sources: ['lab1'], aliases: ['lab1.lab.example', '192.168.1.10', '127.0.0.1'], attributes: { dnsResolvers: ['192.168.1.10'] } },
  { id: 'dns-server:192.168.1.10', kind: 'dns-server', name: '192.168.1.10', sources: ['lab1'], attributes: { address: '192.168.1.10', port: 53 } },
], [{ from: 'host:lab1', to: 'dns-server:192.168.1.10', type: 'depends-on', evidence: seen('lab1', 'resolv.conf nameserver 192.168.1.10') }]);

const docker = snap('docker-lab1', 'docker', [
  { id: 'host:lab1.lab.example', kind: 'host', name: 'lab1.lab.example', sources: ['docker-lab1'] },
  { id: 'container:lab1/pihole', kind: 'container', name: 'pihole', sources: ['docker-lab1'], attributes: { ports: [{ containerPort: 53, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 53 }], networks: ['dns'] } },
  { id: 'container:lab1/web', kind: 'container', name: 'web', sources: ['docker-lab1'], attributes: { ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 }], networks: ['dns'] } },
  { id: 'network:lab1/dns', kind: 'network', name: 'dns', sources: ['docker-lab1'] },
  { id: 'bind-mount:lab1:/srv/data/web', kind: 'bind-mount', name: '/srv/data/web', sources: ['docker-lab1'], attributes: { hostPath: '/srv/data/web' } },
  { id: 'volume:lab1/pihole_data', kind: 'volume', name: 'pihole_data', sources: ['docker-lab1'], attributes: { hostPath: '/var/lib/docker/volumes/pihole_data/_data' } },
], [
  { from: 'container:lab1/pihole', to: 'host:lab1.lab.example', type: 'runs-on', evidence: seen('docker-lab1') },
  { from: 'container:lab1/web', to: 'host:lab1.lab.example', type: 'runs-on', evidence: seen('docker-lab1') },
  { from: 'container:lab1/pihole', to: 'network:lab1/dns', type: 'member-of', evidence: seen('docker-lab1') },
  { from: 'container:lab1/web', to: 'network:lab1/dns', type: 'member-of', evidence: seen('docker-lab1') },
  { from: 'container:lab1/web', to: 'bind-mount:lab1:/srv/data/web', type: 'stores-on', evidence: seen('docker-lab1') },
]);

const prometheus = snap('prometheus', 'prometheus', [
  { id: 'target:node/192.168.1.10:9100', kind: 'target', name: '192.168.1.10:9100', status: 'up', sources: ['prometheus'], attributes: { instance: '192.168.1.10:9100' } },
  { id: 'target:web/192.168.1.10:8080', kind: 'target', name: '192.168.1.10:8080', status: 'up', sources: ['prometheus'], attributes: { instance: '192.168.1.10:8080' } },
], [
  { from: 'host:192.168.1.10', to: 'target:node/192.168.1.10:9100', type: 'monitored-by', evidence: seen('prometheus') },
  { from: 'host:192.168.1.10', to: 'target:web/192.168.1.10:8080', type: 'monitored-by', evidence: seen('prometheus') },
]);

const restic = snap('restic', 'restic', [
  { id: 'backup:restic:/backups/lab1:/srv/data', kind: 'backup', name: '/srv/data', sources: ['restic'], attributes: { host: 'lab1', path: '/srv/data' } },
]);

const caddy = snap('caddy', 'caddy', [
  { id: 'route:web.lab.example', kind: 'route', name: 'web.lab.example', sources: ['caddy'], attributes: { upstreams: ['127.0.0.1:8080'], server: 'lab1' } },
]);

describe('mergeGraph', () => {
  const graph = mergeGraph({
    snapshots: [host, docker, prometheus, restic, caddy],
    statuses: [],
    hostAliases: { nas: ['lab1'] },
    declarations: [{ entity: 'container:nas/pihole', mode: 'production', dependsOn: ['container:nas/web'], file: 'content/services/pihole.md' }],
  });
  const ids = graph.entities.map((e) => e.id);
  const edge = (from: string, type: string, to: string) => graph.edges.find((e) => e.from === from && e.type === type && e.to === to);

  it('makes one host of every sighting (name, FQDN, address, configured alias), under the configured name', () => {
    expect(ids.filter((id) => id.startsWith('host:'))).toEqual(['host:nas']);
    expect(graph.entities.find((e) => e.id === 'host:nas')!.sources).toEqual(['docker-lab1', 'lab1']);
    expect(ids).toContain('container:nas/pihole');
    expect(edge('container:nas/web', 'runs-on', 'host:nas')).toBeDefined();
    expect(edge('host:nas', 'monitored-by', 'target:node/192.168.1.10:9100')).toBeDefined();
    // Shown by the configured name; what the machine called itself stays an alias.
    const nas = graph.entities.find((e) => e.id === 'host:nas')!;
    expect(nas.name).toBe('nas');
    expect(nas.aliases).toContain('lab1');
  });

  it('resolves the host\'s DNS server to the container that publishes port 53 there', () => {
    expect(edge('host:nas', 'depends-on', 'container:nas/pihole')?.evidence[0]).toMatchObject({ kind: 'observed', source: 'lab1', via: 'resolv.conf nameserver 192.168.1.10 → serves DNS at 192.168.1.10' });
    expect(ids).not.toContain('dns-server:192.168.1.10');
  });

  it('matches backups to the volumes and bind mounts inside their paths, and only those', () => {
    expect(edge('bind-mount:nas:/srv/data/web', 'backed-up-by', 'backup:restic:/backups/nas:/srv/data')).toBeDefined();
    expect(graph.edges.filter((e) => e.type === 'backed-up-by')).toHaveLength(1);
  });

  it('follows a proxy route to the container behind its upstream', () => {
    expect(edge('route:web.lab.example', 'routes-to', 'container:nas/web')).toBeDefined();
  });

  it('links containers on a shared user-defined network, without guessing a direction', () => {
    expect(edge('container:nas/pihole', 'connects-to', 'container:nas/web')?.evidence[0]).toMatchObject({ via: 'shared network dns' });
  });

  it('applies what documents declare: mode, and dependencies marked declared', () => {
    expect(graph.entities.find((e) => e.id === 'container:nas/pihole')!.mode).toBe('production');
    expect(edge('container:nas/pihole', 'depends-on', 'container:nas/web')?.evidence).toEqual([{ kind: 'declared', file: 'content/services/pihole.md' }]);
  });

  it('counts a container as monitored when a target scrapes the port it publishes', () => {
    expect(edge('container:nas/web', 'monitored-by', 'target:web/192.168.1.10:8080')).toBeDefined();
    expect(edge('container:nas/pihole', 'monitored-by', 'target:web/192.168.1.10:8080')).toBeUndefined();
  });

  it('is deterministic: sorted entities and edges', () => {
    expect(ids).toEqual([...ids].sort());
    const keys = graph.edges.map((e) => `${e.from} ${e.to} ${e.type}`);
    expect(keys).toEqual([...keys].sort());
  });
});
