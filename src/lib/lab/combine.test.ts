import { describe, expect, it } from 'vitest';
import { EntitySchema, type Edge, type Entity, type EntityInput } from '../../schemas/lab.ts';
import { mergeEdges, mergeSightings } from './combine.ts';

const entity = (e: Partial<EntityInput>): Entity => EntitySchema.parse({ id: 'service:web', kind: 'service', name: '', sources: [], ...e });

describe('merging sightings of one entity', () => {
  it('gives what folding pairwise merges gave: first name, last status, later attributes win, sources and aliases sorted once', () => {
    const merged = mergeSightings([
      entity({ name: '', sources: ['z-docker'], aliases: ['b', 'service:web'], attributes: { image: 'a', port: 80 } }),
      entity({ name: 'web', status: 'running', sources: ['a-docker', 'z-docker'], aliases: ['a'], attributes: { image: 'b' } }),
      entity({ name: 'other', sources: ['m-docker'], aliases: ['b'], attributes: { replicas: 2 } }),
    ]);
    expect(merged).toMatchObject({ id: 'service:web', name: 'web', status: 'running', sources: ['a-docker', 'm-docker', 'z-docker'], aliases: ['a', 'b'], attributes: { image: 'b', port: 80, replicas: 2 } });
  });

  it('merges thousands of sightings (a Compose service on every host) into one sorted list', () => {
    const sightings = Array.from({ length: 20_000 }, (_, i) => entity({ name: 'web', sources: [`docker-h${String(i).padStart(5, '0')}`] }));
    const merged = mergeSightings(sightings.reverse());
    expect(merged.sources).toHaveLength(20_000);
    expect(merged.sources.slice(0, 2)).toEqual(['docker-h00000', 'docker-h00001']);
  });
});

describe('merging edges', () => {
  it('joins repeated edges into one, evidence deduplicated and sorted, edges sorted by key', () => {
    const seen = (source: string) => ({ kind: 'observed' as const, source });
    const edges: Edge[] = [
      { from: 'b', to: 'c', type: 'depends-on', evidence: [seen('y')] },
      { from: 'a', to: 'c', type: 'depends-on', evidence: [seen('y')] },
      { from: 'b', to: 'c', type: 'depends-on', evidence: [seen('x'), seen('y')] },
    ];
    expect(mergeEdges(edges)).toEqual([
      { from: 'a', to: 'c', type: 'depends-on', evidence: [seen('y')] },
      { from: 'b', to: 'c', type: 'depends-on', evidence: [seen('x'), seen('y')] },
    ]);
  });
});
