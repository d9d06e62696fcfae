import { describe, expect, it } from 'vitest';
import { edge, entity, prod } from '../testing/tiny-lab.ts';
import { labViewContext } from '../testing/view-context.ts';
import { hostDiagram } from './host.ts';

// db runs on a, web runs on b and depends on db: a's death spreads to b's web. b's own death does not spread.
const lab = {
  entities: [entity('host:a'), entity('host:b'), prod('container:a/db'), prod('container:b/web'), entity('volume:b/cache')],
  edges: [
    edge('container:a/db', 'runs-on', 'host:a'), edge('container:b/web', 'runs-on', 'host:b'),
    edge('container:b/web', 'depends-on', 'container:a/db'), edge('container:b/web', 'stores-on', 'volume:b/cache'),
  ],
};
const ctx = labViewContext(lab);

describe('hostDiagram: a picture only when the blast radius goes beyond the host', () => {
  it('draws a host whose death spreads through a dependency, with the path', () => {
    const d = hostDiagram(ctx, 'host:a');
    expect(d.worthDrawing).toBe(true);
    expect(d.edges.map((e) => [e.from, e.label, e.to])).toEqual([
      ['container:a/db', 'runs on', 'host:a'],
      ['container:b/web', 'depends on', 'container:a/db'],
    ]);
  });

  it('leaves a star of what runs or is stored on the host to the table', () => {
    const d = hostDiagram(ctx, 'host:b');
    expect(d.worthDrawing).toBe(false);
    expect(d.nodes.map((n) => n.key).sort()).toEqual(['container:b/web', 'host:b', 'volume:b/cache']);
    expect(d.edges.every((e) => e.to === 'host:b')).toBe(true);
  });
});
