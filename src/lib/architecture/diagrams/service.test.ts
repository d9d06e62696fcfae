import { describe, expect, it } from 'vitest';
import { computeFindings } from '../findings.ts';
import { edge, entity, prod } from '../testing/tiny-lab.ts';
import type { ViewContext } from './context.ts';
import { serviceDiagram } from './service.ts';

const now = new Date('2026-11-22T00:00:00Z');
const urls = { entity: (id: string) => `/e/${id}/`, site: (s: string) => `/s/${s}/`, group: (g: string) => `/g/${g}/`, page: (p: string) => `/${p}` };

// web depends on db; both run on h; lonely runs on h with a volume and nothing else.
const lab = {
  entities: [entity('host:h'), prod('container:h/web'), prod('container:h/db'), entity('container:h/lonely'), entity('volume:h/data')],
  edges: [
    edge('container:h/web', 'runs-on', 'host:h'), edge('container:h/db', 'runs-on', 'host:h'), edge('container:h/lonely', 'runs-on', 'host:h'),
    edge('container:h/web', 'depends-on', 'container:h/db'), edge('container:h/lonely', 'stores-on', 'volume:h/data'),
  ],
};
const ctx: ViewContext = { findings: computeFindings({ lab, drills: [], journals: [], documents: [], sources: [], now }), urls };

describe('serviceDiagram: drawn only when something besides its host and data connects to it', () => {
  it('draws a service that depends on something, and the one it depends on', () => {
    for (const id of ['container:h/web', 'container:h/db']) {
      const d = serviceDiagram(ctx, id);
      expect(d.worthDrawing, id).toBe(true);
      expect(d.edges.some((e) => e.label === 'depends on'), id).toBe(true);
    }
  });

  it('leaves a service with only its host and a volume to the tables, yet still builds its source', () => {
    const d = serviceDiagram(ctx, 'container:h/lonely');
    expect(d.nodes.map((n) => n.key)).toEqual(['container:h/lonely', 'host:h', 'volume:h/data']);
    expect(d.worthDrawing).toBe(false);
    expect(d.source).toMatch(/^flowchart LR/);
  });
});
