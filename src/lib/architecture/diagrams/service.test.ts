import { describe, expect, it } from 'vitest';
import { edge, entity, prod } from '../testing/tiny-lab.ts';
import { labViewContext } from '../testing/view-context.ts';
import { serviceDiagram } from './service.ts';

// front depends on web, web on db: web is a link in a chain. db and lonely are one-level stars.
// api is reached through a proxy route; cache's volume is backed up.
const lab = {
  entities: [
    entity('host:h'), prod('container:h/front'), prod('container:h/web'), prod('container:h/db'), entity('container:h/lonely'), entity('volume:h/data'),
    prod('container:h/api'), entity('route:api.example.org', { sources: ['caddy'], attributes: { server: 'h' } }),
  ],
  edges: [
    ...['front', 'web', 'db', 'lonely', 'api'].map((c) => edge(`container:h/${c}`, 'runs-on', 'host:h')),
    edge('container:h/front', 'depends-on', 'container:h/web'), edge('container:h/web', 'depends-on', 'container:h/db'),
    edge('container:h/lonely', 'stores-on', 'volume:h/data'), edge('route:api.example.org', 'routes-to', 'container:h/api'),
  ],
};
const ctx = labViewContext(lab);

describe('serviceDiagram: drawn only when it shows a path, not a star of neighbours', () => {
  it('draws a service that something depends on and that depends on something', () => {
    const d = serviceDiagram(ctx, 'container:h/web');
    expect(d.worthDrawing).toBe(true);
    expect(d.edges.filter((e) => e.label === 'depends on').map((e) => [e.from, e.to])).toEqual([
      ['container:h/web', 'container:h/db'],
      ['container:h/front', 'container:h/web'],
    ]);
  });

  it('draws the route from URL through the proxy to the service', () => {
    const d = serviceDiagram(ctx, 'container:h/api');
    expect(d.worthDrawing).toBe(true);
    expect(d.edges.map((e) => e.label)).toEqual(['runs on', 'served by', 'routes to']);
  });

  it('leaves one-level stars to the lists, yet still builds their source', () => {
    for (const id of ['container:h/db', 'container:h/front', 'container:h/lonely']) {
      const d = serviceDiagram(ctx, id);
      expect(d.worthDrawing, id).toBe(false);
      expect(d.source, id).toMatch(/^flowchart LR/);
    }
    expect(serviceDiagram(ctx, 'container:h/lonely').nodes.map((n) => n.key)).toEqual(['container:h/lonely', 'host:h', 'volume:h/data']);
  });
});
