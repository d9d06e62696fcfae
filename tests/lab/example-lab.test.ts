import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pullLab } from '../../scripts/lab/pull.ts';
import { readLab } from '../../src/lib/lab/read-lab.ts';
import { ROOT } from '../helpers/build-site.ts';

const LAB = path.join(ROOT, 'content/lab');

describe('the example lab in content/lab', () => {
  it('is exactly what the collectors produce from the recorded raw output (never hand-written)', async () => {
    const contentPath = mkdtempSync(path.join(tmpdir(), 'scarbook-example-lab-'));
    cpSync(path.join(LAB, 'sources.yaml'), path.join(contentPath, 'lab/sources.yaml'));
    const result = await pullLab({ contentPath, replay: path.join(LAB, 'recorded') });
    expect(result.failed).toEqual([]);
    const committed = readdirSync(path.join(LAB, 'sources')).sort();
    expect(readdirSync(path.join(contentPath, 'lab/sources')).sort()).toEqual(committed);
    for (const f of committed) {
      expect(readFileSync(path.join(contentPath, 'lab/sources', f), 'utf8'), f).toBe(readFileSync(path.join(LAB, 'sources', f), 'utf8'));
    }
  });

  it('merges into one NAS with its containers, data, backups, routes and monitoring', () => {
    const lab = readLab(path.join(ROOT, 'content'), ROOT);
    const ids = lab.entities.map((e) => e.id);
    // One NAS however many sources saw it; the backup box Ansible could not reach is kept, as down.
    expect(ids.filter((id) => /^host:(nas|backup-box)$/.test(id))).toEqual(['host:backup-box', 'host:nas']);
    const nas = lab.entities.find((e) => e.id === 'host:nas')!;
    // The tailnet's `home-server` is the NAS (hostAliases in sources.yaml).
    expect(nas.sources).toEqual(['ansible', 'docker-nas', 'nas', 'node-exporter', 'tailnet']);
    expect(lab.entities.find((e) => e.id === 'host:backup-box')).toMatchObject({ status: 'down', attributes: { unreachable: { message: expect.stringContaining('Could not resolve hostname backup-box.invalid') } } });
    expect(ids).toEqual(expect.arrayContaining(['container:nas/pihole', 'container:nas/postgres', 'container:nas/nextcloud', 'container:nas/vaultwarden', 'route:cloud.lab.example', 'volume:nas/postgres_data']));
    const has = (from: string, type: string, to: string) => lab.edges.some((e) => e.from === from && e.type === type && e.to === to);
    expect(has('container:nas/nextcloud', 'depends-on', 'container:nas/postgres')).toBe(true);
    expect(has('route:cloud.lab.example', 'routes-to', 'container:nas/nextcloud')).toBe(true);
    expect(lab.edges.find((e) => e.from === 'container:nas/nextcloud' && e.to === 'container:nas/pihole' && e.type === 'depends-on')?.evidence).toEqual([{ kind: 'declared', file: 'content/services/nextcloud.md' }]);
    expect(lab.edges.some((e) => e.type === 'backed-up-by' && e.from === 'bind-mount:nas:/srv/homelab/nextcloud')).toBe(true);
    expect(lab.entities.find((e) => e.id === 'container:nas/postgres')!.status).toBe('healthy');
    expect(lab.entities.find((e) => e.id === 'container:nas/scratch')!.attributes.persistence).toBe('none');
  });

  it('is a home lab: a Proxmox cluster with guests and VLANs, a Kubernetes node on it, a mesh, Traefik and two backups', () => {
    const lab = readLab(path.join(ROOT, 'content'), ROOT);
    const has = (from: string, type: string, to: string) => lab.edges.some((e) => e.from === from && e.type === type && e.to === to);
    const ids = new Set(lab.entities.map((e) => e.id));
    // The recording's node1..node3 are the story's pve1..pve3; the ids the runbooks name resolve.
    for (const id of ['host:pve1', 'host:pve2', 'host:pve3', 'vm:pve1/101', 'host:edge', 'host:minikube']) expect(ids, id).toContain(id);
    for (const n of ['host:pve1', 'host:pve2', 'host:pve3']) expect(has(n, 'member-of', 'service:proxmox/clustername')).toBe(true);
    // Proxmox VM 100 `server1` is the Kubernetes node: one host, running on pve2, with its pod.
    expect(has('host:minikube', 'runs-on', 'host:pve2')).toBe(true);
    expect(lab.edges.some((e) => e.type === 'runs-on' && e.to === 'host:minikube' && e.from.startsWith('container:minikube/'))).toBe(true);
    // Segments: Proxmox VLAN interfaces in NetBox's site, NetBox's own VLANs and prefixes, node bridges.
    expect(has('host:pve1', 'member-of', 'network:vlan/test1/2')).toBe(true);
    expect(has('host:pve2', 'member-of', 'network:pve2/vmbr0')).toBe(true);
    for (const id of ['network:vlan/test1/999', 'network:prefix/10.0.255.0/24']) expect(ids).toContain(id);
    // Mesh: the NAS on the tailnet; edge's WireGuard peers with their handshake state.
    expect(has('host:nas', 'member-of', 'network:tailnet/tailb32c47.ts.net')).toBe(true);
    const wg0 = lab.entities.find((e) => e.id === 'network:edge/wg0')!;
    expect((wg0.attributes.peers as { state: string }[]).filter((p) => p.state === 'up')).toHaveLength(3);
    // Backups: restic and the borg USB-disk repository, both real.
    expect(lab.entities.filter((e) => e.kind === 'backup').map((e) => e.sources[0]).sort()).toEqual(expect.arrayContaining(['borg-usb', 'restic-nas']));
    expect(lab.entities.some((e) => e.kind === 'route' && e.sources.includes('traefik'))).toBe(true);
  });
});
