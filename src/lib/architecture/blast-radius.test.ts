import { describe, expect, it } from 'vitest';
import { blastRadius } from './blast-radius.ts';
import { singlePointsOfFailure } from './spof.ts';
import { edge, entity, prod } from './testing/tiny-lab.ts';

// host:a ── runs ── dns (prod), db (prod); app (prod) on host:b depends on db; web route → app.
const lab = {
  entities: [
    entity('host:a'), entity('host:b'),
    prod('container:a/dns'), prod('container:a/db'), prod('container:b/app'), entity('container:b/tool'),
    entity('volume:a/db_data'), entity('route:web.example'),
  ],
  edges: [
    edge('container:a/dns', 'runs-on', 'host:a'),
    edge('container:a/db', 'runs-on', 'host:a'),
    edge('container:a/db', 'stores-on', 'volume:a/db_data'),
    edge('container:b/app', 'runs-on', 'host:b'),
    edge('container:b/tool', 'runs-on', 'host:b'),
    edge('container:b/app', 'depends-on', 'container:a/db'),
    edge('route:web.example', 'routes-to', 'container:b/app'),
  ],
};
const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();

describe('blastRadius', () => {
  it('takes down what runs on a host directly and what depends on that transitively', () => {
    const r = blastRadius(lab, 'host:a');
    expect(ids(r.direct)).toEqual(['container:a/db', 'container:a/dns', 'volume:a/db_data']);
    expect(ids(r.transitive)).toEqual(['container:b/app', 'route:web.example']);
    expect(ids(r.production)).toEqual(['container:a/db', 'container:a/dns', 'container:b/app']);
    expect(r.transitive.find((c) => c.id === 'container:b/app')).toMatchObject({ because: 'container:a/db', link: 'depends-on', depth: 2 });
  });

  it('reaches data through the volume a container stores on', () => {
    expect(ids(blastRadius(lab, 'volume:a/db_data').down)).toEqual(['container:a/db', 'container:b/app', 'route:web.example']);
  });

  it('is empty for a leaf, an unknown id and an empty lab', () => {
    expect(blastRadius(lab, 'container:b/tool').down).toEqual([]);
    expect(blastRadius(lab, 'host:gone').down).toEqual([]);
    expect(blastRadius({ entities: [], edges: [] }, 'host:a').down).toEqual([]);
  });

  it('ends on cycles and ignores self-loops and edges to missing entities', () => {
    const cyclic = {
      entities: [entity('container:h/x'), entity('container:h/y'), entity('container:h/z')],
      edges: [
        edge('container:h/x', 'depends-on', 'container:h/y'),
        edge('container:h/y', 'depends-on', 'container:h/x'),
        edge('container:h/z', 'depends-on', 'container:h/z'),
        edge('container:h/z', 'depends-on', 'container:h/missing'),
      ],
    };
    expect(ids(blastRadius(cyclic, 'container:h/x').down)).toEqual(['container:h/y']);
    expect(ids(blastRadius(cyclic, 'container:h/y').down)).toEqual(['container:h/x']);
    expect(blastRadius(cyclic, 'container:h/z').down).toEqual([]);
  });

  it('needs every resolver dead before a host loses DNS, and every upstream before a route fails', () => {
    const dns = (n: number) => ({
      entities: [entity('host:c'), ...Array.from({ length: n }, (_, i) => entity(`container:r${i}/dns`)), entity('route:x'), entity('container:u/a'), entity('container:u/b')],
      edges: [
        ...Array.from({ length: n }, (_, i) => edge('host:c', 'depends-on', `container:r${i}/dns`, { via: 'resolv.conf nameserver 10.0.0.1 → serves DNS at 10.0.0.1' })),
        edge('route:x', 'routes-to', 'container:u/a'),
        edge('route:x', 'routes-to', 'container:u/b'),
      ],
    });
    expect(ids(blastRadius(dns(1), 'container:r0/dns').down)).toEqual(['host:c']);
    expect(blastRadius(dns(2), 'container:r0/dns').down).toEqual([]);
    expect(blastRadius(dns(2), 'container:u/a').down).toEqual([]);
  });

  it('puts a volume without runs-on edge on the host its id names', () => {
    expect(ids(blastRadius(lab, 'host:a').direct)).toContain('volume:a/db_data');
  });
});

describe('singlePointsOfFailure', () => {
  it('lists hosts and whatever other production services need, worst first, and nothing for an empty lab', () => {
    const spofs = singlePointsOfFailure(lab);
    expect(spofs.map((s) => [s.entity, ids(s.takesDown), s.throughDependencies])).toEqual([
      ['host:a', ['container:a/db', 'container:a/dns', 'container:b/app'], 1],
      ['volume:a/db_data', ['container:a/db', 'container:b/app'], 1],
      ['container:a/db', ['container:b/app'], 1],
      ['host:b', ['container:b/app'], 0],
    ]);
    expect(singlePointsOfFailure({ entities: [], edges: [] })).toEqual([]);
  });

  it('does not list a replicated dependency', () => {
    const replicated = {
      entities: [prod('container:h/app'), entity('container:h/dns1'), entity('container:h/dns2')],
      edges: [
        edge('container:h/app', 'depends-on', 'container:h/dns1', { via: 'resolv.conf nameserver 1' }),
        edge('container:h/app', 'depends-on', 'container:h/dns2', { via: 'resolv.conf nameserver 2' }),
      ],
    };
    expect(singlePointsOfFailure(replicated)).toEqual([]);
  });
});
