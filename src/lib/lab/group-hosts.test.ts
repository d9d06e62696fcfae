import { describe, expect, it } from 'vitest';
import { groupHosts } from './group-hosts.ts';

const e = (id: string, kind: string, out: [string, string][] = []) => ({ id, kind, name: id, sources: ['t'], aliases: [], attributes: {}, out: out.map(([type, to]) => ({ type, to })) }) as Parameters<typeof groupHosts>[0][number];

describe('groupHosts', () => {
  it('arranges hosts site → rack or cluster → host, unplaced ones last', () => {
    const groups = groupHosts([
      e('site:home', 'site'),
      e('site:home/rack1', 'site', [['member-of', 'site:home']]),
      e('service:proxmox/homelab', 'service'),
      e('host:nas', 'host', [['member-of', 'site:home/rack1']]),
      e('host:pve1', 'host', [['member-of', 'service:proxmox/homelab']]),
      e('host:edge', 'host'),
      e('host:switch', 'host', [['member-of', 'site:home']]),
    ]);
    expect(groups.map((g) => [g.site, g.group, g.hosts.map((h) => h.id)])).toEqual([
      ['', 'service:proxmox/homelab', ['host:pve1']],
      ['site:home', '', ['host:switch']],
      ['site:home', 'site:home/rack1', ['host:nas']],
      ['', '', ['host:edge']],
    ]);
  });
});
