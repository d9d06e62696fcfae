import { EntitySchema, type Edge, type EdgeType, type Entity, type EntityInput } from '../../../schemas/lab.ts';

/** `kind:name` → a valid entity; `mode` and attributes when a case needs them. */
export function entity(id: string, extra: Partial<EntityInput> = {}): Entity {
  const kind = id.slice(0, id.indexOf(':')) as EntityInput['kind'];
  return EntitySchema.parse({ id, kind, name: id.slice(id.indexOf(':') + 1), sources: ['test'], ...extra });
}

export const prod = (id: string, extra: Partial<EntityInput> = {}) => entity(id, { mode: 'production', ...extra });

/** An observed edge (`via` to mark resolvers), or a declared one with `declared: file`. */
export function edge(from: string, type: EdgeType, to: string, opts: { via?: string; declared?: string } = {}): Edge {
  return {
    from,
    to,
    type,
    evidence: [opts.declared ? { kind: 'declared', file: opts.declared } : { kind: 'observed', source: 'test', ...(opts.via ? { via: opts.via } : {}) }],
  };
}
