import { describe, expect, it } from 'vitest';
import { EntitySchema, type EntityInput } from '../../schemas/lab.ts';
import { findDrift } from './drift.ts';

const e = (id: string, kind: EntityInput['kind'], sources: string[]) => EntitySchema.parse({ id, kind, name: id, sources });
const snaps = [
  { source: { name: 'netbox', type: 'netbox' } },
  { source: { name: 'docker-nas', type: 'docker' } },
  { source: { name: 'nas', type: 'linux-host' } },
];

describe('findDrift', () => {
  it('finds what is declared but not seen, and what runs but is not declared', () => {
    const drift = findDrift([
      e('host:nas', 'host', ['nas', 'netbox']),
      e('host:old-server', 'host', ['netbox']),
      e('host:edge', 'host', ['nas']),
      e('container:nas/pihole', 'container', ['docker-nas']),
      e('volume:nas/data', 'volume', ['netbox']),
    ], snaps);
    expect(drift.map((d) => `${d.kind}: ${d.message}`)).toEqual([
      'undeclared: host host:edge runs (seen by nas) but netbox does not list it',
      'declared-only: host host:old-server is declared by netbox but no live source sees it',
    ]);
  });

  it('says nothing when no inventory or Compose file is configured', () => {
    expect(findDrift([e('host:edge', 'host', ['nas'])], snaps.slice(1))).toEqual([]);
  });
});
