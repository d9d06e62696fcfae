import { describe, expect, it } from 'vitest';
import { archGraph } from './arch-graph.ts';
import { edge, entity } from './testing/tiny-lab.ts';
import { serviceViewIds } from './views.ts';

describe('serviceViewIds', () => {
  const entities = [entity('host:a'), entity('container:a/web'), entity('container:a/db'), entity('vm:pve/101'), entity('service:shop/app'), entity('service:shop/grouping')];
  const graph = archGraph({ entities, edges: [edge('container:a/web', 'runs-on', 'host:a'), edge('service:shop/app', 'depends-on', 'container:a/db')] });

  it('gives containers, VMs and depended-on services a view in a small lab', () => {
    expect(serviceViewIds(graph).sort()).toEqual(['container:a/db', 'container:a/web', 'service:shop/app', 'vm:pve/101']);
  });

  it('drops per-container views past the limit (a fleet), keeping VMs and services', () => {
    expect(serviceViewIds(graph, 1).sort()).toEqual(['service:shop/app', 'vm:pve/101']);
  });
});
