import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawOutput } from '../../scripts/lab/collector.ts';
import { normalizeObservation } from '../../scripts/lab/normalize.ts';
import { collectorFor } from '../../scripts/lab/registry.ts';
import { mergeGraph } from '../../src/lib/lab/merge-graph.ts';
import type { SourceSnapshot } from '../../src/schemas/lab.ts';
import { ROOT } from '../helpers/build-site.ts';

const RECORDED = path.join(ROOT, 'scripts/lab/sources/__recorded__');
const files = (dir: string): RawOutput =>
  Object.fromEntries(readdirSync(path.join(RECORDED, dir)).filter((f) => f.endsWith('.json') || f.endsWith('.txt') || f.endsWith('.conf') || f.endsWith('.tsv') || !f.includes('.')).filter((f) => f !== 'PROVENANCE.md').map((f) => [f, readFileSync(path.join(RECORDED, dir, f), 'utf8')]));

/** A snapshot exactly as a pull would write it, from a collector's parse of real recorded output. */
function snapshot(type: string, name: string, raw: RawOutput, extra: Record<string, unknown> = {}): SourceSnapshot {
  const collector = collectorFor(type);
  const config = collector.configSchema.parse({ name, type, ...extra }) as { name: string; type: string };
  const { entities, edges } = normalizeObservation(collector.parse(raw, config), name);
  return { schemaVersion: 1, generatedBy: 'test', source: { name, type }, entities, edges };
}

describe('one machine seen by Proxmox, NetBox, Tailscale and the host collector', () => {
  // Real recordings from four different labs; sources.yaml says which names are the same machine,
  // as a user does when a VM's Proxmox name, NetBox name and tailnet name differ.
  const netboxVms = (JSON.parse(readFileSync(path.join(RECORDED, 'netbox/nornir-2.8.9/virtual-machines-0.json'), 'utf8')) as { results: unknown[] }).results;
  const empty = '[]';
  const snapshots = [
    snapshot('proxmox', 'pve', files('proxmox/go-proxmox-pve9'), { url: 'https://pve1:8006', tokenIdEnv: 'PVE_TOKEN_ID', tokenSecretEnv: 'PVE_TOKEN_SECRET' }),
    snapshot('netbox', 'netbox', {
      'dcim-sites.json': empty, 'dcim-racks.json': empty, 'dcim-devices.json': empty, 'dcim-interfaces.json': empty,
      'ipam-ip-addresses.json': empty, 'ipam-vlans.json': empty, 'ipam-prefixes.json': empty,
      'virtualization-virtual-machines.json': JSON.stringify(netboxVms),
    }, { url: 'https://netbox.lab', tokenEnv: 'NETBOX_TOKEN' }),
    snapshot('tailscale', 'tailnet', files('tailscale/homelab-cli-v1.94')),
    snapshot('linux-host', 'web01-facts', files('linux-host/local')),
  ];
  const graph = mergeGraph({
    snapshots,
    statuses: [],
    hostAliases: { web01: ['leap154', 'ca-expedition-10', 'home-server', 'vm'] },
  });

  it('is one entity with four sources', () => {
    const web01 = graph.entities.find((e) => e.id === 'host:web01')!;
    expect(web01.kind).toBe('host');
    expect(web01.sources).toEqual(['netbox', 'pve', 'tailnet', 'web01-facts']);
    expect(web01.aliases).toEqual(expect.arrayContaining(['vm:node1/101', 'leap154', 'ca-expedition-10']));
    for (const gone of ['vm:node1/101', 'vm:cluster-abc/ca-expedition-10', 'host:home-server', 'host:vm']) expect(graph.entities.map((e) => e.id)).not.toContain(gone);
  });

  it('keeps what each source knew, and the hypervisor it runs on', () => {
    const web01 = graph.entities.find((e) => e.id === 'host:web01')!;
    expect(web01.attributes).toMatchObject({ vmid: 101, node: 'node1', tailscale: expect.any(Object), kernel: expect.any(String), declared: true });
    expect(graph.edges.find((e) => e.from === 'host:web01' && e.type === 'runs-on' && e.to === 'host:node1')).toBeDefined();
    expect(graph.edges.some((e) => e.from === 'host:web01' && e.type === 'member-of' && e.to.startsWith('network:tailnet/'))).toBe(true);
  });

  it('leaves other guests alone', () => {
    expect(graph.entities.map((e) => e.id)).toContain('vm:node2/100');
  });
});
