import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeGraph } from '../../../src/lib/lab/merge-graph.ts';
import { readLab } from '../../../src/lib/lab/read-lab.ts';
import { pullLab } from '../../lab/pull.ts';
import { planCounts, planLab, spread } from './plan.ts';
import { writeLab } from './write-lab.ts';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'bench-lab-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const files = (dir: string) => (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
  .filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name))).sort();

const SIZE = { hosts: 24, sites: 2, containers: 120, seed: 'test-seed' };

describe('synthetic lab', () => {
  it('splits counts evenly', () => {
    expect(spread(10, 3)).toEqual([4, 3, 3]);
    expect(spread(2, 4)).toEqual([1, 1, 0, 0]);
  });

  it('writes the same bytes for the same seed, and different bytes for another seed', () => {
    const [a, b, c] = [temp(), temp(), temp()];
    writeLab(SIZE, path.join(a, 'content'), path.join(a, 'recorded'));
    writeLab(SIZE, path.join(b, 'content'), path.join(b, 'recorded'));
    writeLab({ ...SIZE, seed: 'other' }, path.join(c, 'content'), path.join(c, 'recorded'));
    const list = files(a);
    expect(list).toEqual(files(b));
    expect(list).toContain('content/lab/sources.yaml');
    for (const f of list) expect(readFileSync(path.join(b, f), 'utf8'), f).toBe(readFileSync(path.join(a, f), 'utf8'));
    const docker = list.find((f) => f.endsWith('containers.json'))!;
    expect(readFileSync(path.join(c, docker), 'utf8')).not.toBe(readFileSync(path.join(a, docker), 'utf8'));
  });

  it('plans the sizes asked for', () => {
    const counts = planCounts(planLab({ hosts: 700, sites: 20, containers: 5000, seed: 's' }));
    expect(counts.hosts).toBe(700);
    expect(counts.containers).toBe(5000);
    expect(counts.pveNodes).toBeGreaterThanOrEqual(20);
    expect(counts.vms).toBeGreaterThan(counts.dockerHosts / 2);
  });

  it('replays through the real collectors into the planned entities, and merges guests with their hosts', async () => {
    const dir = temp();
    const contentPath = path.join(dir, 'content');
    const { plan, sources } = writeLab(SIZE, contentPath, path.join(dir, 'recorded'));
    const counts = planCounts(plan);
    const result = await pullLab({ contentPath, replay: path.join(dir, 'recorded'), env: {} });
    expect(result.failed).toEqual([]);
    expect(result.ok).toHaveLength(sources);

    const lab = readLab(contentPath, dir);
    const kinds = (source: string, kind: string) => lab.snapshots.filter((s) => s.source.type === source).flatMap((s) => s.entities).filter((e) => e.kind === kind).length;
    expect(kinds('docker', 'container')).toBe(counts.containers);
    expect(kinds('docker', 'host')).toBe(counts.dockerHosts);
    expect(kinds('proxmox', 'host')).toBe(counts.pveNodes);
    expect(kinds('proxmox', 'vm')).toBe(counts.vms);
    expect(kinds('netbox', 'host')).toBe(counts.netboxDevices);
    expect(kinds('netbox', 'vm')).toBe(counts.netboxVms);
    expect(kinds('tailscale', 'host')).toBe(counts.tailscalePeers + 1);
    expect(kinds('prometheus', 'target')).toBe(counts.hosts + counts.dockerHosts + plan.hosts.flatMap((h) => h.containers).filter((c) => c.spec.service === 'minio' || (c.project === 'web' && c.spec.service === 'app')).length);

    // One entity per machine: Docker, Proxmox, NetBox and Tailscale sightings of a guest are one host.
    const merged = mergeGraph({ snapshots: lab.snapshots, statuses: [], hostAliases: {} });
    const hosts = merged.entities.filter((e) => e.kind === 'host');
    expect(hosts).toHaveLength(counts.hosts + plan.retired.length + 1);
    expect(merged.entities.filter((e) => e.kind === 'vm')).toEqual([]);
    expect(merged.entities.filter((e) => e.kind === 'container')).toHaveLength(counts.containers);
  });
});
