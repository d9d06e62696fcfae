import type { Edge, Entity } from '../../schemas/lab.ts';
import { isSharedAddress, normalizeHostName } from './host-identity.ts';

export interface Port { containerPort?: number; protocol?: string; hostIp?: string | null; hostPort?: number | string | null }

/**
 * Lookups the inference steps share: entities by id and kind, containers by host and by name,
 * hosts by address. Built once per merge so every lookup is a map hit: at fleet size (150,000
 * entities) a scan of all containers per question made the merge quadratic.
 */
export class GraphIndex {
  readonly byId: Map<string, Entity>;
  readonly hostOfEntity = new Map<string, string>();
  readonly hostByAddress = new Map<string, string>();
  private readonly byKind = new Map<Entity['kind'], Entity[]>();
  private readonly containersByHost = new Map<string, Entity[]>();
  private readonly containersByName = new Map<string, Entity[]>();

  constructor(entities: Entity[], edges: Edge[]) {
    this.byId = new Map(entities.map((e) => [e.id, e]));
    for (const e of edges) if (e.type === 'runs-on' && this.byId.get(e.to)?.kind === 'host') this.hostOfEntity.set(e.from, e.to);
    // Insertion order of byId, as the scans these maps replace saw it.
    for (const e of this.byId.values()) push(this.byKind, e.kind, e);
    for (const c of this.of('container')) {
      const host = this.hostOfEntity.get(c.id);
      if (host) push(this.containersByHost, host, c);
      const service = (c.attributes.compose as { service?: string } | null)?.service;
      push(this.containersByName, c.name, c);
      if (service && service !== c.name) push(this.containersByName, service, c);
    }
    for (const h of this.of('host')) {
      for (const key of [h.name, h.id.slice(5), ...h.aliases]) {
        const k = key.toLowerCase();
        if (!isSharedAddress(k)) this.hostByAddress.set(k, h.id);
        this.hostByAddress.set(normalizeHostName(k), h.id);
      }
    }
  }

  /** Every entity of a kind (shared: do not modify the array). */
  of(kind: Entity['kind']): readonly Entity[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The host an address or name belongs to, if any (`192.168.1.10`, `nas.lab.example`). */
  hostAt(address: string): string | undefined {
    const a = address.toLowerCase().replace(/^\[|\]$/g, '');
    return this.hostByAddress.get(a) ?? this.hostByAddress.get(normalizeHostName(a));
  }

  /** Containers on `hostId` that publish `port` (on that address, or on every address). */
  publishing(hostId: string, port: number, address?: string): Entity[] {
    return (this.containersByHost.get(hostId) ?? []).filter((c) => {
      const ports = (c.attributes.ports as Port[] | undefined) ?? [];
      const onHostNetwork = c.attributes.networkMode === 'host';
      const listens = ((c.attributes.listening as { port: number }[] | undefined) ?? []).some((l) => l.port === port);
      return onHostNetwork ? listens || ports.some((p) => p.containerPort === port) : ports.some((p) => Number(p.hostPort) === port && (!address || !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::' || p.hostIp === address));
    });
  }

  /** A container by its name (Compose service names and container names both count). */
  containerNamed(name: string, preferHost?: string): Entity | undefined {
    const matches = this.containersByName.get(name) ?? [];
    return matches.find((c) => this.hostOfEntity.get(c.id) === preferHost) ?? matches[0];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
